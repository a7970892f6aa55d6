"""d2l 10.2 Attention pooling: Nadaraya-Watson kernel regression (注意力汇聚：Nadaraya-Watson 核回归).

Write each function and class below; its docstring shows the command that checks it. The book's
data: x_train sorted in [0, 5), y_train = 2 sin(x) + x^0.8 + noise, queries x_test = arange(0, 5, 0.1).
数据与书中相同：x_train 在 [0, 5) 内排好序，y_train = 2 sin(x) + x^0.8 + 噪声。
"""

import torch
from torch import nn


def average_pooling(y_train, x_test):
    """Predict the mean of y_train for every query: a tensor of len(x_test) equal values (平均汇聚).

    Check: python grade.py average_pooling
    """
    # TODO
    raise NotImplementedError


def nonparametric_pooling(x_train, y_train, x_test):
    """Nadaraya-Watson with a Gaussian kernel (非参数注意力汇聚): return (y_hat, attention_weights).

    attention_weights (n_test, n_train): row i is the softmax over the keys x_train of
    -(x_test[i] - x_train)^2 / 2; y_hat (n_test,) = attention_weights @ y_train.
    每个查询一行：对 -(x_test[i] - x_train)^2 / 2 在键上做 softmax，再与 y_train 加权求和。
    Check: python grade.py nonparametric_pooling
    """
    # TODO
    raise NotImplementedError


class NWKernelRegression(nn.Module):
    """Nadaraya-Watson regression with a learnable width w (带参数的注意力汇聚).

    __init__(**kwargs): self.w, an nn.Parameter of shape (1,) drawn from torch.rand.
    forward(queries, keys, values): queries (n,), keys and values (n, m), row i holding query i's m
    keys and values. self.attention_weights (n, m) = softmax over each row of -((q - k) * w)^2 / 2;
    return (n,) predictions, each row's weighted sum of its values, with torch.bmm as the book does.
    可学习的宽度 w；queries 为 (n,)，keys 和 values 为 (n, m)；保存 self.attention_weights，用 torch.bmm 求加权和。
    Check: python grade.py NWKernelRegression
    """

    def __init__(self, **kwargs):
        # TODO: super().__init__(**kwargs) first, then self.w
        raise NotImplementedError

    def forward(self, queries, keys, values):
        # TODO
        raise NotImplementedError


def train_nw(net, x_train, y_train, lr=0.5, num_epochs=5):
    """Train net (an NWKernelRegression) on the training set itself; return each epoch's summed loss (训练).

    Every training input is a query whose keys and values are all the other n_train - 1 examples
    (the book's X_tile and Y_tile without the diagonal: (n_train, n_train - 1)). Each epoch: one SGD
    step at lr (torch.optim.SGD) on nn.MSELoss(reduction='none')'s losses summed; return the list of
    float(l.sum()) per epoch. Tensors made here go on x_train's device.
    每个训练样本作查询，它的键和值是其余 n_train - 1 个样本；每轮一步 SGD；返回每轮的损失和（float 列表）。
    Check: python grade.py train_nw
    """
    # TODO
    raise NotImplementedError
