"""d2l 11.5 Minibatch stochastic gradient descent (小批量随机梯度下降): the airfoil data, and one training
loop for every optimizer of this chapter, written as `trainer_fn(params, states, hyperparams)`."""

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
    """(data_iter, feature_dim): the first n rows of airfoil, every column standardised, shuffled batches."""
    data = np.genfromtxt(download("airfoil"), dtype=np.float32, delimiter="\t")
    data = torch.from_numpy((data - data.mean(axis=0)) / data.std(axis=0))
    data_iter = d2l.load_array((data[:n, :-1], data[:n, -1]), batch_size, is_train=True)
    return data_iter, data.shape[1] - 1


def sgd(params, states, hyperparams):
    """One step of minibatch SGD: p -= lr * p.grad in place, then zero p.grad; states are unused."""
    for p in params:
        p.data.sub_(hyperparams["lr"] * p.grad)
        p.grad.data.zero_()


def train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs=2):
    """Train linear regression with trainer_fn; return (cumulative times, the losses plotted)."""
    w = torch.normal(mean=0.0, std=0.01, size=(feature_dim, 1), requires_grad=True)
    b = torch.zeros((1), requires_grad=True)
    net, loss = lambda X: d2l.linreg(X, w, b), d2l.squared_loss
    animator = d2l.Animator(xlabel="epoch", ylabel="loss", xlim=[0, num_epochs], ylim=[0.22, 0.35])
    n, timer = 0, d2l.Timer()
    for _ in range(num_epochs):
        for X, y in data_iter:
            l = loss(net(X), y).mean()  # noqa: E741 (d2l's name)
            l.backward()
            trainer_fn([w, b], states, hyperparams)
            n += X.shape[0]
            if n % 200 == 0:
                timer.stop()
                animator.add(n / X.shape[0] / len(data_iter), (d2l.evaluate_loss(net, data_iter, loss),))
                timer.start()
    print(f"loss: {animator.Y[0][-1]:.3f}, {timer.avg():.3f} sec/epoch")
    return timer.cumsum(), animator.Y[0]


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=4):
    """The same with nn.Linear(5, 1) and a torch.optim optimizer trainer_fn(net.parameters(), **hyperparams);
    the losses plotted are MSELoss's halved, to match squared_loss."""
    net = nn.Sequential(nn.Linear(5, 1))

    def init_weights(m):
        if type(m) == nn.Linear:  # noqa: E721 (d2l's test)
            torch.nn.init.normal_(m.weight, std=0.01)

    net.apply(init_weights)
    optimizer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction="none")
    animator = d2l.Animator(xlabel="epoch", ylabel="loss", xlim=[0, num_epochs], ylim=[0.22, 0.35])
    n, timer = 0, d2l.Timer()
    for _ in range(num_epochs):
        for X, y in data_iter:
            optimizer.zero_grad()
            out = net(X)
            y = y.reshape(out.shape)
            l = loss(out, y)  # noqa: E741 (d2l's name)
            l.mean().backward()
            optimizer.step()
            n += X.shape[0]
            if n % 200 == 0:
                timer.stop()
                animator.add(n / X.shape[0] / len(data_iter), (d2l.evaluate_loss(net, data_iter, loss) / 2,))
                timer.start()
    print(f"loss: {animator.Y[0][-1]:.3f}, {timer.avg():.3f} sec/epoch")
