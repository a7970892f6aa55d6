"""d2l 3.2 Linear regression from scratch (线性回归的从零开始实现), plus d2l's Timer (3.1).

Write each function below; its docstring shows the command that checks it.
From scratch means it: F.mse_loss, nn.MSELoss and torch.optim are not allowed here.
从零实现：这里不能用 F.mse_loss、nn.MSELoss 和 torch.optim。
"""

import random
import time

import torch


def synthetic_data(w, b, num_examples):
    """Generate y = Xw + b + noise.

    X has shape (num_examples, len(w)) with entries ~ N(0, 1); the noise ~ N(0, 0.01).
    Return (X, y) with y of shape (num_examples, 1).
    生成 y = Xw + b + 噪声；返回 (X, y)，y 的形状是 (num_examples, 1)。
    Check it: python grade.py synthetic_data
    """
    # TODO: torch.normal for X and the noise, torch.matmul for Xw
    raise NotImplementedError


def data_iter(batch_size, features, labels):
    """Yield (X, y) minibatches of batch_size examples, in a new random order on every call.

    Every example appears exactly once per call; the last batch may be smaller.
    Features and labels must stay paired.
    每次调用都重新随机打乱；每个样本恰好出现一次；最后一批可以不满；特征和标签要对应。
    Check it: python grade.py data_iter
    """
    # TODO: shuffle a list of indices with random.shuffle, then yield slices of it
    raise NotImplementedError


def linreg(X, w, b):
    """The linear regression model: return Xw + b, one prediction per row of X.

    w may come as a (d, 1) column (as in training) or as a (d,) vector (as synthetic_data's true_w):
    torch.matmul(X, w) and X @ w take both, X.mm(w) only the column.
    线性回归模型；w 可能是 (d, 1) 的列，也可能是 (d,) 的向量：torch.matmul(X, w) 两种都能处理。
    Check it: python grade.py linreg
    """
    # TODO
    raise NotImplementedError


def squared_loss(y_hat, y):
    """Per-example squared loss (y_hat - y)^2 / 2, in y_hat's shape, not reduced.

    y may come as shape (n,) or (n, 1): reshape it to y_hat's shape first.
    逐样本的平方损失，不求和也不求平均；先把 y 变形成 y_hat 的形状。
    Check it: python grade.py squared_loss
    """
    # TODO
    raise NotImplementedError


def sgd(params, lr, batch_size):
    """Minibatch stochastic gradient descent.

    For each param: param <- param - lr * param.grad / batch_size, changing the caller's
    tensor in place (no new tensor), then zero param.grad for the next batch.
    对每个参数原地更新（不能新建张量），再把梯度清零。
    Check it: python grade.py linreg_sgd
    """
    # TODO: torch.no_grad(), an in-place update, param.grad.zero_()
    raise NotImplementedError


def train_linreg(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    """Train linear regression with data_iter, linreg, squared_loss and sgd; return (w, b).

    Start from w of shape (features.shape[1], 1) ~ N(0, 0.01) and b = zeros(1), both
    requiring grad, on features.device (the data may be on a GPU). For each epoch and minibatch:
    loss, backward on its sum, sgd.
    用上面的函数训练线性回归，返回训练好的 (w, b)；w、b 要建在 features.device 上。
    Check it: python grade.py train_linreg
    """
    # TODO
    raise NotImplementedError


class Timer:
    """Record multiple running times (d2l 3.1).  记录多次运行时间。

    Timer() starts at once; stop() records and returns the seconds since the last start();
    avg(), sum() and cumsum() summarise the recorded times (cumsum returns a list).
    Check it: python grade.py Timer
    """

    def __init__(self):
        # TODO: a list for the times, then start
        raise NotImplementedError

    def start(self):
        """Start the timer."""
        raise NotImplementedError

    def stop(self):
        """Stop the timer, record the time in a list and return it."""
        raise NotImplementedError

    def avg(self):
        """Return the average time."""
        raise NotImplementedError

    def sum(self):
        """Return the sum of time."""
        raise NotImplementedError

    def cumsum(self):
        """Return the accumulated times as a list."""
        raise NotImplementedError
