"""d2l 4.3 Concise implementation of multilayer perceptrons (多层感知机的简洁实现)."""

from torch import nn


def init_weights(m):
    """Every nn.Linear's weight ~ N(0, 0.01); other modules (Flatten, ReLU) are left alone."""
    if type(m) == nn.Linear:  # noqa: E721 (d2l's test: exactly Linear)
        nn.init.normal_(m.weight, std=0.01)  # std by keyword: the second positional argument is the mean


def get_net():
    """Flatten, Linear(784, 256), ReLU, Linear(256, 10): logits, since nn.CrossEntropyLoss takes them."""
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    net.apply(init_weights)
    return net
