"""d2l 3.6 Softmax regression from scratch (softmax回归的从零开始实现)."""


import torch

from katas.plotting import in_jupyter, pyplot
from katas.sections import Sections

d2l = Sections(__file__, "ch3_5_fashion_mnist.py")


def softmax(X):
    """Row-wise softmax of a matrix: every row becomes probabilities that sum to 1.

    Beyond d2l's version (exp, then divide by the row sum): numerically stable. Subtracting
    the row max leaves the result unchanged but keeps exp from overflowing, so logits of
    +-1000 give finite, correct probabilities.
    """
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    return X_exp / X_exp.sum(dim=1, keepdim=True)  # keepdim: (n, 1) divides each row by its own sum


def init_params(num_inputs=784, num_outputs=10):
    """(W, b) of softmax regression: W ~ N(0, 0.01) of shape (num_inputs, num_outputs), b zeros."""
    W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
    b = torch.zeros(num_outputs, requires_grad=True)
    return W, b


def net(X, W, b):
    """Softmax regression: flatten each image to a row, then softmax(XW + b)."""
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)


def cross_entropy(y_hat, y):
    """Per-example cross-entropy -log y_hat[i, y[i]], shape (n,)."""
    return -torch.log(y_hat[range(len(y_hat)), y])  # pairs (i, y[i]), not the (n, n) grid y_hat[:, y]


def accuracy(y_hat, y):
    """The number of correct predictions, as a float (a count, as in d2l)."""
    if y_hat.dim() > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(dim=1)
    return float((y_hat.type(y.dtype) == y).sum())


class Accumulator:
    """Sums over n variables."""

    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args, strict=True)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


def evaluate_accuracy(net, data_iter):
    """The accuracy of net on a dataset: correct predictions over all examples."""
    if isinstance(net, torch.nn.Module):
        net.eval()  # evaluation mode: dropout off, batch norm uses its running statistics
    metric = Accumulator(2)  # correct predictions, examples
    with torch.no_grad():  # no graph: evaluation needs no gradients
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_epoch_ch3(net, train_iter, loss, updater):
    """Train one epoch; return (mean loss per example, accuracy) over the whole epoch."""
    if isinstance(net, torch.nn.Module):
        net.train()
    metric = Accumulator(3)  # sum of losses, correct predictions, examples
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)  # noqa: E741 (d2l's name)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()  # torch optimizers expect the batch mean
            updater.step()
        else:
            l.sum().backward()  # d2l's updaters (sgd) divide by the batch size themselves
            updater(X.shape[0])
        metric.add(float(l.detach().sum()), accuracy(y_hat, y), y.numel())
    return metric[0] / metric[2], metric[1] / metric[2]


class Animator:
    """Plot data as it arrives: inline in Jupyter, else saved as a PNG at path on every add()."""

    def __init__(self, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None, xscale="linear",
                 yscale="linear", fmts=("-", "m--", "g-.", "r:"), nrows=1, ncols=1, figsize=(3.5, 2.5),
                 path="animator.png"):
        plt = pyplot()
        self.fig, self.axes = plt.subplots(nrows, ncols, figsize=figsize)
        if nrows * ncols == 1:
            self.axes = [self.axes]
        self.legend = legend or []
        self.config = dict(xlabel=xlabel, ylabel=ylabel, xlim=xlim, ylim=ylim, xscale=xscale, yscale=yscale)
        self.X, self.Y, self.fmts, self.path = None, None, fmts, path

    def config_axes(self):
        ax, c = self.axes[0], self.config
        ax.set_xlabel(c["xlabel"])
        ax.set_ylabel(c["ylabel"])
        ax.set_xscale(c["xscale"])
        ax.set_yscale(c["yscale"])
        if c["xlim"] is not None:
            ax.set_xlim(c["xlim"])
        if c["ylim"] is not None:
            ax.set_ylim(c["ylim"])
        if self.legend:
            ax.legend(self.legend)
        ax.grid()

    def add(self, x, y):
        """Add a point to each line: y holds one value per line; x is one value or one per line."""
        if not hasattr(y, "__len__"):
            y = [y]
        n = len(y)
        if not hasattr(x, "__len__"):
            x = [x] * n
        if not self.X:
            self.X = [[] for _ in range(n)]
        if not self.Y:
            self.Y = [[] for _ in range(n)]
        for i, (a, b) in enumerate(zip(x, y, strict=True)):
            if a is not None and b is not None:
                self.X[i].append(a)
                self.Y[i].append(b)
        self.axes[0].cla()
        for xs, ys, fmt in zip(self.X, self.Y, self.fmts, strict=False):  # more fmts than lines is fine
            self.axes[0].plot(xs, ys, fmt)
        self.config_axes()
        if in_jupyter():
            from IPython import display

            display.display(self.fig)
            display.clear_output(wait=True)
        else:
            self.fig.tight_layout()  # keep the axis labels inside the figure's own size
            self.fig.savefig(self.path)


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    """Train a model (d2l 3.6) and draw its progress; return the history.

    Unlike d2l, which returns None and asserts on the final metrics, this returns a list of
    (train_loss, train_acc, test_acc), one per epoch, and asserts nothing.
    """
    animator = Animator(xlabel="epoch", xlim=[1, num_epochs], ylim=[0.3, 0.9],
                        legend=["train loss", "train acc", "test acc"])
    history = []
    for epoch in range(num_epochs):
        train_loss, train_acc = train_epoch_ch3(net, train_iter, loss, updater)
        test_acc = evaluate_accuracy(net, test_iter)
        animator.add(epoch + 1, (train_loss, train_acc, test_acc))
        history.append((train_loss, train_acc, test_acc))
    return history


def predict_ch3(net, test_iter, n=6):
    """Show the first n test images titled 'true\\npredicted'; return the axes."""
    X, y = next(iter(test_iter))  # the first batch
    trues = d2l.get_fashion_mnist_labels(y)
    preds = d2l.get_fashion_mnist_labels(net(X).argmax(dim=1))
    titles = [true + "\n" + pred for true, pred in zip(trues, preds, strict=True)]
    return d2l.show_images(X[0:n].reshape((n, *X.shape[-2:])), 1, n, titles=titles[0:n])
