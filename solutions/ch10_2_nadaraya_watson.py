"""d2l 10.2 Attention pooling: Nadaraya-Watson kernel regression (注意力汇聚：Nadaraya-Watson 核回归)."""

import torch
from torch import nn


def average_pooling(y_train, x_test):
    """The simplest estimator: every query gets the mean of the training outputs."""
    return torch.repeat_interleave(y_train.mean(), len(x_test))


def nonparametric_pooling(x_train, y_train, x_test):
    """Gaussian-kernel attention pooling: (predictions (n_test,), attention weights (n_test, n_train))."""
    # row i holds query i, repeated once per key
    X_repeat = x_test.repeat_interleave(len(x_train)).reshape((-1, len(x_train)))
    attention_weights = nn.functional.softmax(-(X_repeat - x_train) ** 2 / 2, dim=1)
    return torch.matmul(attention_weights, y_train), attention_weights


class NWKernelRegression(nn.Module):
    """Nadaraya-Watson regression with one learnable kernel width w."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.w = nn.Parameter(torch.rand((1,), requires_grad=True))

    def forward(self, queries, keys, values):
        # queries (n,) against keys and values (n, m): one row of m keys per query
        queries = queries.repeat_interleave(keys.shape[1]).reshape((-1, keys.shape[1]))
        self.attention_weights = nn.functional.softmax(-((queries - keys) * self.w) ** 2 / 2, dim=1)
        return torch.bmm(self.attention_weights.unsqueeze(1), values.unsqueeze(-1)).reshape(-1)


def train_nw(net, x_train, y_train, lr=0.5, num_epochs=5):
    """Train net on (x_train, y_train), each example's keys and values being all the others; return the
    summed loss of every epoch."""
    n_train = len(x_train)
    X_tile = x_train.repeat((n_train, 1))  # row i: every training input
    Y_tile = y_train.repeat((n_train, 1))
    others = (1 - torch.eye(n_train, device=x_train.device)).type(torch.bool)  # row i without its own example
    keys = X_tile[others].reshape((n_train, -1))
    values = Y_tile[others].reshape((n_train, -1))
    loss = nn.MSELoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    losses = []
    for _ in range(num_epochs):
        trainer.zero_grad()
        l = loss(net(x_train, keys, values), y_train)  # noqa: E741
        l.sum().backward()
        trainer.step()
        losses.append(float(l.sum()))
    return losses
