"""d2l 3.3 Concise implementation of linear regression (线性回归的简洁实现)."""

import torch
from torch import nn
from torch.utils import data


def load_array(data_arrays, batch_size, is_train=True):
    """A PyTorch data iterator over the tensors in data_arrays; shuffled only for training."""
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)  # reshuffles on every pass


def get_net():
    """nn.Sequential(nn.Linear(2, 1)) with weight ~ N(0, 0.01) and bias 0, as d2l initialises it."""
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.01)  # .data: initialise without autograd recording it
    net[0].bias.data.fill_(0)
    return net


def get_loss():
    """The mean squared error loss (nn.MSELoss averages over the batch)."""
    return nn.MSELoss()


def get_trainer(net, lr=0.03):
    """Minibatch SGD over net's parameters."""
    return torch.optim.SGD(net.parameters(), lr=lr)


def train_concise(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    """Train get_net() on (features, labels) with the pieces above; return the trained net."""
    data_iter = load_array((features, labels), batch_size)
    net = get_net().to(features.device)  # .to moves the parameters in place: the trainer sees them
    loss, trainer = get_loss(), get_trainer(net, lr)
    for _ in range(num_epochs):
        for X, y in data_iter:
            l = loss(net(X), y)  # noqa: E741 (d2l's name)
            trainer.zero_grad()  # gradients accumulate in .grad unless cleared
            l.backward()
            trainer.step()
    return net
