"""d2l 8.1 Sequence models (序列模型): a noisy sine, an autoregressive MLP, and k-step-ahead prediction.

Write each function below; its docstring shows the command that checks it. The book writes these
steps at the top level of the section; here each is a function with the book's variable names.
The lesson: predicting one step ahead from observations looks good, feeding predictions back in drifts.
书中这些代码写在顶层；这里把每一步写成函数。要点：单步预测很好，多步预测会逐渐偏离。
"""

import torch
from torch import nn


def sine_data(T=1000):
    """Return (time, x): time = 1, 2, ..., T as float32, x = sin(0.01 * time) + noise from N(0, 0.2).

    产生带噪声的正弦序列：time 为 1 到 T（float32），x = sin(0.01 * time) 加上 N(0, 0.2) 噪声。
    Check: python grade.py sine_data
    """
    # TODO
    raise NotImplementedError


def make_features(x, tau):
    """Return (features, labels) for predicting x[t] from the tau values before it.

    features has shape (T - tau, tau), its column i being x[i: T - tau + i], on x's device; labels =
    x[tau:] as a column, shape (T - tau, 1).
    用前 tau 个值预测下一个值：features 形状 (T - tau, tau)，在 x 所在的设备上，第 i 列是 x[i: T - tau + i]；
    labels 是 x[tau:] 的列向量。
    Check: python grade.py make_features
    """
    # TODO
    raise NotImplementedError


def get_net():
    """Return d2l 8.1's MLP, a new one per call: nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 1).

    Initialise the weight of each nn.Linear with nn.init.xavier_uniform_ (def init_weights(m), then
    net.apply(init_weights)).
    返回 d2l 8.1 的多层感知机，线性层权重用 xavier_uniform_ 初始化。
    Check: python grade.py seq_get_net
    """
    # TODO
    raise NotImplementedError


def train(net, train_iter, loss, epochs, lr):
    """Train net as d2l 8.1 does: torch.optim.Adam(net.parameters(), lr), epochs passes over train_iter.

    loss returns one loss per example (nn.MSELoss(reduction='none')): back-propagate their sum.
    Zero the gradients before each backward. (d2l also prints the loss each epoch; optional.)
    用 Adam 训练：loss 对每个样本返回一个值，对它们的和做反向传播；每次反向传播前清零梯度。
    Check: python grade.py seq_train
    """
    # TODO
    raise NotImplementedError


def multistep_predict(net, x, n_train, tau):
    """Return multistep_preds, shape (T,): the first n_train + tau values are x's own; each later one,
    at i, is net's prediction from multistep_preds[i - tau: i] (as a (1, tau) row) — from its own
    earlier predictions, not from x.

    Compute it without building an autograd graph.
    多步预测：前 n_train + tau 个值取自 x，之后每个值都由前 tau 个“预测值”得到。
    Check: python grade.py multistep_predict
    """
    # TODO
    raise NotImplementedError


def k_step_features(net, x, tau, max_steps):
    """Return features, shape (T - tau - max_steps + 1, tau + max_steps), as d2l 8.1 builds it.

    Column i < tau holds observations, x[i: i + T - tau - max_steps + 1]; column i >= tau holds the
    (i - tau + 1)-step-ahead predictions, net(features[:, i - tau: i]) reshaped to one column.
    Compute it without building an autograd graph.
    前 tau 列是观测值，第 i 列（i >= tau）是 (i - tau + 1) 步预测。
    Check: python grade.py k_step_features
    """
    # TODO
    raise NotImplementedError
