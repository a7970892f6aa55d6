"""d2l 3.7 Concise implementation of softmax regression (softmax回归的简洁实现).
Write each function below; its docstring shows the command that checks it.
d2l builds net, loss and trainer at module level; here get_net() builds the net and
train_concise() the loss and the trainer. cross_entropy_from_logits is written by hand:
F.cross_entropy, nn.CrossEntropyLoss, F.log_softmax and torch.softmax are not allowed in it.
d2l 在模块顶层创建 net、loss 和 trainer；这里由 get_net() 和 train_concise() 创建。
cross_entropy_from_logits 要自己写：其中不能用 F.cross_entropy、nn.CrossEntropyLoss、F.log_softmax 和 torch.softmax。
"""

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch3_6_softmax_scratch.py")


def init_weights(m):
    """Called by net.apply on every module: draw an nn.Linear's weight from N(0, 0.01) (std 0.01).

    Modules other than nn.Linear (nn.Flatten has no weight) are left alone.
    对每个 nn.Linear 的权重按 N(0, 0.01) 初始化；其他模块不动。
    Check it: python grade.py softmax_init_weights
    """
    # TODO: if type(m) == nn.Linear: nn.init.normal_(...)
    raise NotImplementedError


def get_net():
    """Return softmax regression as nn.Sequential: nn.Flatten, then nn.Linear(784, 10), initialised with init_weights.

    It outputs logits (no softmax layer): nn.CrossEntropyLoss applies the softmax itself.
    返回 nn.Sequential(nn.Flatten(), nn.Linear(784, 10))，并用 init_weights 初始化；输出未规范化的 logits。
    Check it: python grade.py softmax_get_net
    """
    # TODO: nn.Sequential(...), net.apply(init_weights)
    raise NotImplementedError


def cross_entropy_from_logits(o, y):
    """Per-example cross-entropy -log softmax(o)[i, y[i]] from logits o (n, q) and classes y (n,); shape (n,).

    It must equal nn.CrossEntropyLoss(reduction='none') even for logits of +-1000: use
    log(sum(exp(o))) = m + log(sum(exp(o - m))) with m each row's max (the LogSumExp trick).
    从 logits 直接算逐样本交叉熵，形状 (n,)；用 LogSumExp 技巧（减去每行最大值）保证数值稳定。
    Check it: python grade.py cross_entropy_from_logits
    """
    # TODO: row max m, logsumexp = m + log(sum(exp(o - m))), minus o[range(len(o)), y]
    raise NotImplementedError


def train_concise(net, train_iter, test_iter, num_epochs, lr=0.1):
    """Train net with nn.CrossEntropyLoss(reduction='none') and torch.optim.SGD(lr) via d2l.train_ch3.

    Return what d2l.train_ch3 returns (the per-epoch history).
    用 nn.CrossEntropyLoss(reduction='none') 和 torch.optim.SGD 通过 d2l.train_ch3 训练 net，返回其结果。
    Check it: python grade.py softmax_train_concise
    """
    # TODO
    raise NotImplementedError
