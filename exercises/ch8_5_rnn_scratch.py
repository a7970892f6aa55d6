"""d2l 8.5 Implementation of recurrent neural networks from scratch (循环神经网络的从零开始实现).

Write each function below; its docstring shows the command that checks it.
From scratch means it: rnn and RNNModelScratch may not call nn.RNN or F.rnn_tanh, and
grad_clipping may not call torch.nn.utils.clip_grad_norm_. Your sgd and Timer (3.2) and
Accumulator and Animator (3.6) are d2l.sgd, d2l.Timer, d2l.Accumulator and d2l.Animator; the grader
uses the reference ones. The book's d2l.size(y) is y.numel().
从零实现：rnn 和 RNNModelScratch 不能调用 nn.RNN 或 F.rnn_tanh，grad_clipping 不能调用 clip_grad_norm_。
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

from katas.sections import Sections

d2l = Sections(__file__, "ch3_2_linear_regression_scratch.py", "ch3_6_softmax_scratch.py")


def get_params(vocab_size, num_hiddens, device):
    """Return the parameters [W_xh, W_hh, b_h, W_hq, b_q] of a one-layer RNN, on device.

    Inputs and outputs both have vocab_size features. W_xh (vocab_size, num_hiddens),
    W_hh (num_hiddens, num_hiddens), W_hq (num_hiddens, vocab_size) drawn from N(0, 0.01)
    (torch.randn(...) * 0.01); b_h (num_hiddens,) and b_q (vocab_size,) zeros. All require grad.
    返回单层 RNN 的参数列表；权重服从 N(0, 0.01)，偏置为零，都要 requires_grad，都在 device 上。
    Check: python grade.py rnn_get_params
    """
    # TODO
    raise NotImplementedError


def init_rnn_state(batch_size, num_hiddens, device):
    """Return the initial hidden state: a tuple (H,) with H zeros (batch_size, num_hiddens) on device.

    A tuple, because the LSTM of chapter 9 has two state tensors.
    返回初始隐状态：元组 (H,)，H 是 device 上的全零张量。
    Check: python grade.py init_rnn_state
    """
    # TODO
    raise NotImplementedError


def rnn(inputs, state, params):
    """Run the RNN over inputs (num_steps, batch_size, vocab_size), step by step.

    At each step H = tanh(X @ W_xh + H @ W_hh + b_h) and the output is H @ W_hq + b_q.
    Return (outputs, (H,)): the outputs of all steps concatenated along dim 0, shape
    (num_steps * batch_size, vocab_size), and the last state as a tuple.
    逐个时间步计算隐状态和输出；返回 (所有输出沿 0 维拼接, (H,))。
    Check: python grade.py rnn
    """
    # TODO
    raise NotImplementedError


class RNNModelScratch:
    """A RNN model implemented from scratch (从零开始实现的循环神经网络模型). Check: python grade.py RNNModelScratch

    RNNModelScratch(vocab_size, num_hiddens, device, get_params, init_state, forward_fn) keeps
    vocab_size and num_hiddens, its params = get_params(vocab_size, num_hiddens, device), and
    init_state and forward_fn. net(X, state): X holds token indices (batch_size, num_steps); turn
    it into one-hot float32 inputs of shape (num_steps, batch_size, vocab_size) (transpose first)
    and return forward_fn(inputs, state, params). begin_state(batch_size, device) returns
    init_state(batch_size, num_hiddens, device).
    """

    def __init__(self, vocab_size, num_hiddens, device, get_params, init_state, forward_fn):
        # TODO
        raise NotImplementedError

    def __call__(self, X, state):
        # TODO: F.one_hot(X.T, self.vocab_size) as float32
        raise NotImplementedError

    def begin_state(self, batch_size, device):
        # TODO
        raise NotImplementedError


def predict_ch8(prefix, num_preds, net, vocab, device):
    """Return prefix followed by num_preds generated characters (a str).

    Start from net.begin_state(batch_size=1, device=device). Warm up: feed the prefix's characters
    one at a time (each as a (1, 1) tensor of its index on device), keeping the state and ignoring
    the outputs. Then predict num_preds times: feed the last character, take the index with the
    highest score (argmax over the vocabulary) as the next character and feed it back.
    先用前缀预热隐状态（忽略输出），再逐个预测 num_preds 个字符，每次把预测结果作为下一个输入。
    Check: python grade.py predict_ch8
    """
    # TODO
    raise NotImplementedError


def grad_clipping(net, theta):
    """Clip the gradients in place: if their global norm exceeds theta, scale every one by theta / norm.

    The parameters are [p for p in net.parameters() if p.requires_grad] for an nn.Module, else
    net.params. The global norm is the square root of the sum of the squares of all gradients,
    over all parameters together. Change each param.grad itself (the optimizer reads it).
    梯度裁剪：所有参数的梯度合在一起求范数；超过 theta 时把每个梯度原地乘以 theta / norm。
    Check: python grade.py grad_clipping
    """
    # TODO
    raise NotImplementedError


def train_epoch_ch8(net, train_iter, loss, updater, device, use_random_iter):
    """Train net for one epoch, as d2l does; return (perplexity, tokens per second).

    For each minibatch (X, Y): begin a new state (net.begin_state(batch_size=X.shape[0],
    device=device)) on the first minibatch, and on every minibatch when use_random_iter; otherwise
    carry the state on, detached in place from the previous minibatch's graph (s.detach_() for each
    s of a tuple state, state.detach_() for an nn.Module's tensor state). y = Y.T.reshape(-1) (the
    outputs come step by step); move X and y to device; l = loss(y_hat, y.long()).mean(). With a
    torch.optim.Optimizer: zero_grad, backward, grad_clipping(net, 1), step; with a function:
    backward, grad_clipping(net, 1), updater(batch_size=1). Perplexity is exp of the mean loss per
    token over the whole epoch.
    训练一个迭代周期：顺序采样时沿用并分离隐状态，随机采样时每批重新初始化；返回 (困惑度, 每秒词元数)。
    Check: python grade.py train_epoch_ch8
    """
    # TODO
    raise NotImplementedError


def train_ch8(net, train_iter, vocab, lr, num_epochs, device, use_random_iter=False):
    """Train net for num_epochs epochs (d2l 8.5); return the history [(perplexity, tokens/s), ...].

    loss = nn.CrossEntropyLoss(); updater = torch.optim.SGD(net.parameters(), lr) for an nn.Module,
    else a function of batch_size that calls d2l.sgd(net.params, lr, batch_size). Each epoch runs
    train_epoch_ch8(net, train_iter, loss, updater, device, use_random_iter); every 10th epoch prints
    predict_ch8('time traveller', 50, net, vocab, device) and adds the perplexity to a
    d2l.Animator(xlabel='epoch', ylabel='perplexity', legend=['train'], xlim=[10, num_epochs]).
    Return one (perplexity, speed) per epoch (d2l returns nothing; the history makes it testable).
    训练 num_epochs 个迭代周期，返回每轮的 (困惑度, 速度)。
    Check: python grade.py train_ch8
    """
    # TODO
    raise NotImplementedError
