"""d2l 8.1 Sequence models (序列模型): a noisy sine, an autoregressive MLP, and k-step-ahead prediction."""

import torch
from torch import nn


def sine_data(T=1000):
    """(time, x): time 1..T (float32) and x = sin(0.01 * time) plus Gaussian noise of standard deviation 0.2."""
    time = torch.arange(1, T + 1, dtype=torch.float32)
    x = torch.sin(0.01 * time) + torch.normal(0, 0.2, (T,))
    return time, x


def make_features(x, tau):
    """(features, labels): row i of features is x[i: i + tau], the tau values before its label x[i + tau]."""
    T = x.shape[0]
    features = torch.zeros((T - tau, tau), device=x.device)
    for i in range(tau):
        features[:, i] = x[i: T - tau + i]  # column i: the value i steps into the window
    labels = x[tau:].reshape((-1, 1))
    return features, labels


def get_net():
    """d2l 8.1's MLP: Linear(4, 10), ReLU, Linear(10, 1), with Xavier-initialised weights."""

    def init_weights(m):
        if type(m) == nn.Linear:  # noqa: E721 (d2l's test)
            nn.init.xavier_uniform_(m.weight)

    net = nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 1))
    net.apply(init_weights)
    return net


def train(net, train_iter, loss, epochs, lr):
    """Train net with Adam at lr for epochs epochs; loss returns one value per example (reduction='none')."""
    trainer = torch.optim.Adam(net.parameters(), lr)
    for _ in range(epochs):
        for X, y in train_iter:
            trainer.zero_grad()
            l = loss(net(X), y)  # noqa: E741 (d2l's name)
            l.sum().backward()
            trainer.step()


def multistep_predict(net, x, n_train, tau):
    """x's first n_train + tau values as they are, then each value predicted from the tau predictions before it."""
    T = x.shape[0]
    multistep_preds = torch.zeros(T, device=x.device)
    multistep_preds[: n_train + tau] = x[: n_train + tau]
    with torch.no_grad():
        for i in range(n_train + tau, T):
            multistep_preds[i] = net(multistep_preds[i - tau: i].reshape((1, -1)))
    return multistep_preds


def k_step_features(net, x, tau, max_steps):
    """Columns 0..tau-1: observations; column tau + k - 1: the k-step-ahead predictions, k = 1..max_steps."""
    T = x.shape[0]
    features = torch.zeros((T - tau - max_steps + 1, tau + max_steps), device=x.device)
    for i in range(tau):  # observations x[i], x[i + 1], ...
        features[:, i] = x[i: i + T - tau - max_steps + 1]
    with torch.no_grad():
        for i in range(tau, tau + max_steps):  # each column predicted from the tau columns before it
            features[:, i] = net(features[:, i - tau: i]).reshape(-1)
    return features
