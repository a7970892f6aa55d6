"""d2l 3.6 Softmax regression from scratch (softmax回归的从零开始实现).

Write each function below; its docstring shows the command that checks it.
From scratch means it: torch.softmax, F.softmax, F.cross_entropy, nn.CrossEntropyLoss and
torch.optim are not allowed in softmax, net and cross_entropy. d2l keeps W, b and net at
module level; here init_params() makes W and b, and net takes them as arguments.
从零实现：softmax、net 和 cross_entropy 里不能用 torch.softmax、F.softmax、F.cross_entropy、
nn.CrossEntropyLoss 和 torch.optim。d2l 把 W、b 放在模块顶层；这里由 init_params() 创建，并作为参数传给 net。
"""

import torch

from katas.plotting import in_jupyter, pyplot
from katas.sections import Sections

d2l = Sections(__file__, "ch3_5_fashion_mnist.py")


def softmax(X):
    """Row-wise softmax of a matrix (n, q): each row becomes probabilities that sum to 1.

    softmax(X)[i, j] = exp(X[i, j]) / sum_k exp(X[i, k]). Beyond d2l's version, it must be
    numerically stable: logits of +-1000 must give finite, correct probabilities.
    按行计算 softmax，每行之和为 1；要数值稳定：±1000 的输入也要得到有限且正确的概率。
    Check it: python grade.py softmax
    """
    # TODO: exp, then divide by the row sums (keepdim=True); subtract each row's max first
    raise NotImplementedError


def init_params(num_inputs=784, num_outputs=10):
    """Return (W, b): W (num_inputs, num_outputs) ~ N(0, 0.01), b zeros (num_outputs,), both requiring grad.

    返回 (W, b)：W 服从 N(0, 0.01)，b 全为零，二者都要 requires_grad。
    Check it: python grade.py softmax_init_params
    """
    # TODO: torch.normal and torch.zeros, with requires_grad=True
    raise NotImplementedError


def net(X, W, b):
    """Softmax regression: flatten each example of X to a row of W.shape[0] values, return softmax(XW + b).

    X may come as images (batch, 1, 28, 28). Returns (batch, num_outputs) probabilities.
    softmax 回归：把每个样本展平成一行，返回 softmax(XW + b)。
    Check it: python grade.py softmax_net
    """
    # TODO: X.reshape((-1, W.shape[0])), torch.matmul, softmax
    raise NotImplementedError


def cross_entropy(y_hat, y):
    """Per-example cross-entropy: -log of the probability y_hat gives to the true class, shape (n,).

    y_hat (n, q) are probabilities, y (n,) class indices. No mean: one loss per example.
    逐样本交叉熵：-log(真实类别的预测概率)，形状 (n,)，不要求平均。
    Check it: python grade.py cross_entropy
    """
    # TODO: pick y_hat[i, y[i]] for every i
    raise NotImplementedError


def accuracy(y_hat, y):
    """Return the number of correct predictions, as a float (a count, not a ratio, as in d2l).

    y_hat is (n, q) scores (predict the argmax of each row) or (n,) predicted classes.
    返回预测正确的个数（float，是个数而不是比例）。
    Check it: python grade.py accuracy
    """
    # TODO
    raise NotImplementedError


class Accumulator:
    """Sums over n variables (d2l): add(*args) adds one value to each; reset() sets all to 0.0; acc[i] reads one.

    对 n 个变量分别累加。
    Check it: python grade.py Accumulator
    """

    def __init__(self, n):
        # TODO: a list of n zeros (floats)
        raise NotImplementedError

    def add(self, *args):
        """Add args[i] (a number or a one-element tensor) to variable i."""
        raise NotImplementedError

    def reset(self):
        """Set every variable back to 0.0."""
        raise NotImplementedError

    def __getitem__(self, idx):
        """Return variable idx."""
        raise NotImplementedError


def evaluate_accuracy(net, data_iter):
    """Return the accuracy of net on data_iter: correct predictions over all examples (a ratio).

    If net is a torch.nn.Module, put it in evaluation mode; build no autograd graph.
    返回 net 在数据集上的准确率（比例）；nn.Module 要切换到评估模式；不要构建计算图。
    Check it: python grade.py evaluate_accuracy
    """
    # TODO: net.eval(), torch.no_grad(), Accumulator(2) with accuracy and y.numel()
    raise NotImplementedError


def train_epoch_ch3(net, train_iter, loss, updater):
    """Train net for one epoch; return (train_loss, train_acc) over the whole epoch.

    loss(y_hat, y) gives one loss per example. updater is a torch.optim.Optimizer (backward on
    the batch mean, then step) or d2l's custom updater(batch_size) (backward on the batch sum,
    then call it). train_loss is the mean loss per example over the epoch, train_acc the ratio
    of correct predictions. Put an nn.Module in training mode first.
    训练一轮，返回整轮的 (平均每个样本的损失, 准确率)；
    既支持 torch.optim.Optimizer，也支持自定义的 updater(batch_size)。
    Check it: python grade.py train_epoch_ch3
    """
    # TODO
    raise NotImplementedError


class Animator:
    """Plot data as it arrives (d2l's helper), with one extra argument: path.

    add(x, y) appends a point to each line (y holds one value per line; x one value, or one
    per line) and redraws: inline in Jupyter (if in_jupyter(): IPython.display), otherwise by
    saving the figure as a PNG at path. Use plt = pyplot(); d2l's legend/labels/limits/scales
    go on axes[0].
    随数据到来逐步画图：在 Jupyter 里内嵌显示，否则把图保存为 path 处的 PNG。
    Check it: python grade.py Animator
    """

    def __init__(self, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None, xscale="linear",
                 yscale="linear", fmts=("-", "m--", "g-.", "r:"), nrows=1, ncols=1, figsize=(3.5, 2.5),
                 path="animator.png"):
        # TODO: plt.subplots(nrows, ncols, figsize=figsize); remember the settings; self.X = self.Y = None
        raise NotImplementedError

    def config_axes(self):
        """Set axes[0]'s labels, limits, scales and legend."""
        raise NotImplementedError

    def add(self, x, y):
        """Add a point to each line and redraw."""
        raise NotImplementedError


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    """Train net for num_epochs, drawing (train loss, train acc, test acc) with an Animator per epoch.

    Returns the history: a list of (train_loss, train_acc, test_acc), one per epoch (d2l
    returns None and asserts on the final metrics; returning them makes training testable).
    Leave out d2l's final asserts: they assume the book's 10 epochs, and the tests train fewer.
    For the scratch model: train_ch3(lambda X: net(X, W, b), ..., cross_entropy, 10,
    lambda batch_size: sgd([W, b], 0.1, batch_size)).
    训练 num_epochs 轮并画图；返回每轮 (train_loss, train_acc, test_acc) 组成的列表；
    不要照抄 d2l 最后的 assert（它们假定训练 10 轮，测试训练的轮数更少）。
    Check it: python grade.py train_ch3
    """
    # TODO: Animator(xlabel='epoch', ...), train_epoch_ch3, evaluate_accuracy
    raise NotImplementedError


def predict_ch3(net, test_iter, n=6):
    """Show the first n images of test_iter's first batch, titled 'true label\npredicted label'; return the axes.

    Use d2l.get_fashion_mnist_labels and d2l.show_images (your 3.5 functions).
    展示第一批的前 n 张图，标题为“真实标签\n预测标签”，返回 axes。
    Check it: python grade.py predict_ch3
    """
    # TODO
    raise NotImplementedError
