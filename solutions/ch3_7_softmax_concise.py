"""d2l 3.7 Concise implementation of softmax regression (softmax回归的简洁实现)."""

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch3_6_softmax_scratch.py")


def init_weights(m):
    """Draw every nn.Linear's weight from N(0, 0.01); other modules (nn.Flatten) are left alone."""
    if type(m) == nn.Linear:  # noqa: E721 (d2l's test: exactly Linear)
        nn.init.normal_(m.weight, std=0.01)  # std by keyword: the second positional argument is the mean


def get_net():
    """Softmax regression as layers: flatten (B, 1, 28, 28) to (B, 784), then a linear layer to 10 logits."""
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))  # no softmax: nn.CrossEntropyLoss takes logits
    net.apply(init_weights)
    return net


def cross_entropy_from_logits(o, y):
    """Per-example cross-entropy of softmax(o) against classes y, computed stably from the logits o.

    -log softmax(o)[y] = logsumexp(o) - o[y], with logsumexp(o) = m + log(sum(exp(o - m))) and m
    the row max, so exp never overflows and no log is taken of a probability that rounded to 0.
    """
    m = o.max(dim=1, keepdim=True).values.detach()  # a constant shift: its gradient would cancel anyway
    logsumexp = m.squeeze(1) + torch.log(torch.exp(o - m).sum(dim=1))
    return logsumexp - o[range(len(o)), y]


def train_concise(net, train_iter, test_iter, num_epochs, lr=0.1):
    """Train net with nn.CrossEntropyLoss and torch.optim.SGD through d2l.train_ch3; return its history."""
    loss = nn.CrossEntropyLoss(reduction="none")  # one loss per example, as train_ch3 expects
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    return d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)
