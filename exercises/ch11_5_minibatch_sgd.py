"""d2l 11.5 Minibatch stochastic gradient descent (小批量随机梯度下降): the airfoil data, and one training
loop for every optimizer of this chapter, written as `trainer_fn(params, states, hyperparams)`.

download('airfoil') is d2l.download's path of airfoil_self_noise.dat (NASA, UCI repository, CC BY 4.0):
the grader finds the local copy (or `python grade.py --fetch-data` fetches it once). Timer (with
cumsum) and evaluate_loss are given, as d2l has them. Every trainer_fn changes params (and its states)
in place and zeroes the gradients; train_ch11 only calls it.
download('airfoil') 即 d2l.download，返回 airfoil_self_noise.dat 的本地路径。Timer 和 evaluate_loss 已给出。
"""

import time

import numpy as np
import torch
from torch import nn

from katas.data import download
from katas.sections import Sections

d2l = Sections(__file__, "ch11_5_minibatch_sgd.py", "ch3_2_linear_regression_scratch.py",
               "ch3_3_linear_regression_concise.py", "ch3_6_softmax_scratch.py")


class Timer:
    """d2l's Timer, with cumsum (given)."""

    def __init__(self):
        self.times = []
        self.start()

    def start(self):
        self.tik = time.time()

    def stop(self):
        self.times.append(time.time() - self.tik)
        return self.times[-1]

    def avg(self):
        return sum(self.times) / len(self.times)

    def sum(self):
        return sum(self.times)

    def cumsum(self):
        return np.array(self.times).cumsum().tolist()


def evaluate_loss(net, data_iter, loss):
    """The mean loss of net over data_iter (d2l 4.4, given)."""
    total, n = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            out = net(X)
            l = loss(out, y.reshape(out.shape))  # noqa: E741 (d2l's name)
            total, n = total + float(l.sum()), n + l.numel()
    return total / n


def get_data_ch11(batch_size=10, n=1500):
    """Return (data_iter, feature_dim) as d2l: the airfoil file read with numpy (tab-separated, float32),
    every column standardised with numpy's mean and std, then d2l.load_array over the first n rows
    (features: all columns but the last; labels: the last), shuffled; feature_dim is 5.

    读取 airfoil 数据（numpy，制表符分隔，float32），每一列用 numpy 的均值和标准差标准化，
    取前 n 行用 d2l.load_array 生成打乱的小批量；返回 (data_iter, 5)。
    Check: python grade.py get_data_ch11
    """
    # TODO
    raise NotImplementedError


def sgd(params, states, hyperparams):
    """One step of minibatch SGD: p -= hyperparams['lr'] * p.grad for each p, in place; then zero p.grad.
    states is unused (SGD keeps none); train_ch11 back-propagates the mean loss, so no batch_size here.

    每个参数原地 p -= lr * p.grad，然后把 p.grad 清零；states 用不到。
    Check: python grade.py minibatch_sgd
    """
    # TODO
    raise NotImplementedError


def train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs=2):
    """Train d2l.linreg with d2l.squared_loss on data_iter, as d2l 11.5: w ~ N(0, 0.01) (feature_dim, 1),
    b zeros (1,), both requiring grad; for each minibatch: the mean loss, backward, then
    trainer_fn([w, b], states, hyperparams). Every 200 examples seen (n % 200 == 0), stop the timer and
    animator.add(n / X.shape[0] / len(data_iter), (d2l.evaluate_loss(net, data_iter, loss),)), then start
    it again. Return (timer.cumsum(), animator.Y[0]).

    用 trainer_fn 训练线性回归；每看过 200 个样本记录一次整个数据集上的损失。返回 (timer.cumsum(), animator.Y[0])。
    Check: python grade.py train_ch11
    """
    # TODO
    raise NotImplementedError


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=4):
    """The same training with nn.Sequential(nn.Linear(5, 1)) (weight ~ N(0, 0.01)), nn.MSELoss(reduction='none')
    and optimizer = trainer_fn(net.parameters(), **hyperparams) (a torch.optim class): zero_grad, the mean
    loss's backward, step. Every 200 examples add d2l.evaluate_loss(net, data_iter, loss) / 2 (MSELoss has
    no 1/2). Return nothing, as d2l (the test reads what the animator was given).

    用 torch.optim 的优化器做同样的训练；MSELoss 没有 1/2，所以记录的损失要除以 2。不需要返回值。
    Check: python grade.py train_concise_ch11
    """
    # TODO
    raise NotImplementedError
