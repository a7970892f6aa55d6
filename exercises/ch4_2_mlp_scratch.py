"""d2l 4.2 Multilayer perceptrons from scratch (多层感知机的从零开始实现).

Write each function below; its docstring shows the command that checks it.
d2l keeps W1, b1, W2, b2 at module level and trains with torch.optim.SGD; here init_params()
returns them, net takes them as an argument, and sgd is your own updater (torch.optim is not
allowed in it). The tests train net on Fashion-MNIST to at least 82% test accuracy.
d2l 把 W1、b1、W2、b2 放在模块顶层并用 torch.optim.SGD 训练；这里由 init_params() 返回参数，
net 以参数为输入，更新器 sgd 由你自己写（不能用 torch.optim）。测试会训练 net，测试集准确率至少 82%。
"""

import torch
from torch import nn


def relu(X):
    """ReLU: max(X, 0) element by element, returned as a new tensor; X must not be modified.

    逐元素 max(X, 0)，返回新张量；不能修改 X。
    Check it: python grade.py relu
    """
    # TODO: torch.max against torch.zeros_like(X)
    raise NotImplementedError


def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    """Return [W1, b1, W2, b2], all nn.Parameter: W1 (num_inputs, num_hiddens) and W2 (num_hiddens,
    num_outputs) are torch.randn(...) * 0.01; b1 (num_hiddens,) and b2 (num_outputs,) are zeros.

    返回 [W1, b1, W2, b2]（都是 nn.Parameter）：权重为 torch.randn(...) * 0.01，偏置为零。
    Check it: python grade.py mlp_init_params
    """
    # TODO
    raise NotImplementedError


def net(X, params):
    """The MLP: flatten X to rows of W1.shape[0], H = relu(X @ W1 + b1), return H @ W2 + b2 (logits).

    params is [W1, b1, W2, b2] from init_params. X may come as images (batch, 1, 28, 28).
    多层感知机：展平 X，H = relu(X @ W1 + b1)，返回 H @ W2 + b2（logits）。
    Check it: python grade.py mlp_net
    """
    # TODO: W1, b1, W2, b2 = params; X.reshape((-1, W1.shape[0])); relu
    raise NotImplementedError


def sgd(params, lr, batch_size):
    """Your updater: for each param, param -= lr * param.grad / batch_size in place, then zero param.grad.

    d2l uses torch.optim.SGD(params, lr=lr) here; write its update yourself (no torch.optim).
    自己写的更新器：原地更新每个参数并把梯度清零（不能用 torch.optim）。
    Check it: python grade.py mlp_sgd
    """
    # TODO: torch.no_grad(), an in-place update, param.grad.zero_()
    raise NotImplementedError
