"""d2l 3.2 Linear regression from scratch (线性回归的从零开始实现), plus d2l's Timer (3.1)."""

import random
import time

import torch


def synthetic_data(w, b, num_examples):
    """y = Xw + b + noise: X (num_examples, len(w)) ~ N(0, 1), noise ~ N(0, 0.01); y is (n, 1)."""
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def data_iter(batch_size, features, labels):
    """Yield (X, y) minibatches in a fresh random order; the last batch may be smaller."""
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)  # a new order on every call: every epoch sees different batches
    for i in range(0, num_examples, batch_size):
        batch = torch.tensor(indices[i : i + batch_size])
        yield features[batch], labels[batch]  # one index for both keeps pairs together


def linreg(X, w, b):
    """The linear regression model: Xw + b."""
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    """Per-example squared loss (y_hat - y)^2 / 2, in y_hat's shape; no reduction."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    """Minibatch SGD: update each parameter in place, then zero its gradient."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size  # -= keeps the caller's tensor
            param.grad.zero_()


def train_linreg(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    """Train w (n_features, 1) ~ N(0, 0.01) and b = 0 with the pieces above; return (w, b)."""
    w = torch.normal(0, 0.01, size=(features.shape[1], 1), requires_grad=True, device=features.device)
    b = torch.zeros(1, requires_grad=True, device=features.device)
    for _ in range(num_epochs):
        for X, y in data_iter(batch_size, features, labels):
            loss = squared_loss(linreg(X, w, b), y)
            loss.sum().backward()  # sum: sgd divides by batch_size itself
            sgd([w, b], lr, batch_size)
    return w, b


class Timer:
    """Record multiple running times (d2l 3.1)."""

    def __init__(self):
        self.times = []
        self.start()

    def start(self):
        """Start the timer."""
        self.tik = time.time()

    def stop(self):
        """Stop the timer, record the time in a list and return it."""
        self.times.append(time.time() - self.tik)
        return self.times[-1]

    def avg(self):
        """Return the average time."""
        return sum(self.times) / len(self.times)

    def sum(self):
        """Return the sum of time."""
        return sum(self.times)

    def cumsum(self):
        """Return the accumulated time."""
        out, total = [], 0.0
        for t in self.times:
            total += t
            out.append(total)
        return out
