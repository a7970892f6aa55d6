"""d2l 6.6 Convolutional neural networks (LeNet) (卷积神经网络（LeNet）).

Write each function below, then check it: python grade.py lenet
d2l builds `net = nn.Sequential(...)` at module level; here lenet() returns a new one. Your
Accumulator, accuracy and Animator (3.6) and Timer (3.2) are d2l.Accumulator, d2l.accuracy,
d2l.Animator and d2l.Timer; the grader uses the reference ones, so a slip there costs nothing here.
d2l 在模块顶层创建 net；这里由 lenet() 每次返回一个新网络。3.6 的 Accumulator、accuracy、Animator
和 3.2 的 Timer 通过 d2l.Accumulator 等使用；批改时用的是参考实现。
"""

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch3_6_softmax_scratch.py", "ch3_2_linear_regression_scratch.py")


def lenet():
    """Return d2l's LeNet-5 for 1 x 28 x 28 images, a new nn.Sequential on every call.

    Conv2d(1, 6, kernel_size=5, padding=2), Sigmoid, AvgPool2d(kernel_size=2, stride=2),
    Conv2d(6, 16, kernel_size=5), Sigmoid, AvgPool2d(kernel_size=2, stride=2), Flatten,
    Linear(16 * 5 * 5, 120), Sigmoid, Linear(120, 84), Sigmoid, Linear(84, 10).
    返回 d2l 的 LeNet-5（每次调用新建一个 nn.Sequential）。
    Check: python grade.py lenet
    """
    # TODO
    raise NotImplementedError


def layer_shapes(net, X):
    """Feed X through the layers of net one by one; return [(class name, output shape), ...], one per layer.

    What d2l prints: for LeNet and X (1, 1, 28, 28) the list starts ('Conv2d', (1, 6, 28, 28)),
    ('Sigmoid', (1, 6, 28, 28)), ('AvgPool2d', (1, 6, 14, 14)). Shapes as tuples of ints.
    逐层把 X 送入网络，返回每层的 (类名, 输出形状) 列表，即 d2l 打印的内容。
    Check: python grade.py lenet_shapes
    """
    # TODO: X = layer(X); layer.__class__.__name__; tuple(X.shape)
    raise NotImplementedError


def evaluate_accuracy_gpu(net, data_iter, device=None):
    """Return the accuracy of net on data_iter (a ratio), computing on device, as in d2l.

    If net is an nn.Module: put it in evaluation mode, and when device is None use the device
    of its parameters (next(iter(net.parameters())).device). Move every X and y there before
    using them; build no autograd graph. Use d2l.Accumulator and d2l.accuracy, or plain sums
    (the book's d2l.size(y) is y.numel()).
    返回准确率（比例）：nn.Module 要切换到评估模式；device 为 None 时用参数所在的设备；
    每批 X、y 都要先移到该设备；不要构建计算图。
    Check: python grade.py evaluate_accuracy_gpu
    """
    # TODO
    raise NotImplementedError


def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    """Train net on device, as d2l 6.6 does; return the history [(train_loss, train_acc, test_acc), ...].

    First apply Xavier initialisation (nn.init.xavier_uniform_) to the weight of every
    nn.Linear and nn.Conv2d, and only those; move net to device. Use torch.optim.SGD(lr=lr)
    and nn.CrossEntropyLoss(). Each epoch: net.train(), then for each batch move X and y to
    device, zero the gradients, backward, step. train_loss and train_acc are means over the
    epoch's examples; test_acc = evaluate_accuracy_gpu(net, test_iter). Plot with d2l.Animator
    (legend train loss, train acc, test acc), as train_ch3 does. Return one tuple per epoch
    (d2l returns nothing; the history makes training testable).
    用 GPU 训练（d2l 6.6）：只对 nn.Linear 和 nn.Conv2d 的权重做 Xavier 初始化；每轮先 net.train()，
    每批把 X、y 都移到 device；返回每轮的 (train_loss, train_acc, test_acc)。
    Check: python grade.py train_ch6
    """
    # TODO
    raise NotImplementedError
