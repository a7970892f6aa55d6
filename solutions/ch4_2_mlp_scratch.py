"""d2l 4.2 Multilayer perceptrons from scratch (多层感知机的从零开始实现)."""

import torch
from torch import nn


def relu(X):
    """max(X, 0) element-wise, as a new tensor: X itself is left alone."""
    a = torch.zeros_like(X)
    return torch.max(X, a)


def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    """[W1, b1, W2, b2]: weights ~ N(0, 0.01) (small, but not zero, so hidden units differ), biases 0."""
    W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * 0.01)
    b1 = nn.Parameter(torch.zeros(num_hiddens))
    W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs) * 0.01)
    b2 = nn.Parameter(torch.zeros(num_outputs))
    return [W1, b1, W2, b2]


def net(X, params):
    """One hidden ReLU layer; returns logits (batch, num_outputs)."""
    W1, b1, W2, b2 = params
    X = X.reshape((-1, W1.shape[0]))  # images (B, 1, 28, 28) -> rows (B, 784)
    H = relu(X @ W1 + b1)
    return H @ W2 + b2


def sgd(params, lr, batch_size):
    """Minibatch SGD in place, then zero the gradients (replaces d2l's torch.optim.SGD here)."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
