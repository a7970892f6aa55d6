"""d2l 8.5 Implementation of recurrent neural networks from scratch (循环神经网络的从零开始实现)."""

import math

import torch
from torch import nn
from torch.nn import functional as F

from katas.sections import Sections

d2l = Sections(__file__, "ch3_2_linear_regression_scratch.py", "ch3_6_softmax_scratch.py")


def get_params(vocab_size, num_hiddens, device):
    """[W_xh, W_hh, b_h, W_hq, b_q]: weights ~ N(0, 0.01), biases zero, all requiring grad, on device."""
    num_inputs = num_outputs = vocab_size

    def normal(shape):
        return torch.randn(size=shape, device=device) * 0.01

    W_xh = normal((num_inputs, num_hiddens))  # hidden layer
    W_hh = normal((num_hiddens, num_hiddens))
    b_h = torch.zeros(num_hiddens, device=device)
    W_hq = normal((num_hiddens, num_outputs))  # output layer
    b_q = torch.zeros(num_outputs, device=device)
    params = [W_xh, W_hh, b_h, W_hq, b_q]
    for param in params:
        param.requires_grad_(True)
    return params


def init_rnn_state(batch_size, num_hiddens, device):
    """The initial hidden state: a tuple (H,) with H zeros (batch_size, num_hiddens) on device."""
    return (torch.zeros((batch_size, num_hiddens), device=device),)


def rnn(inputs, state, params):
    """Run the RNN over inputs (num_steps, batch_size, vocab_size): (outputs (num_steps * batch_size,
    vocab_size), (H,)).

    d2l's loop computes X @ W_xh and H @ W_hq inside each step. Neither depends on the previous
    step, so they are done for all steps at once here (two large products instead of 2 * num_steps
    small ones); only H @ W_hh must wait for the step before it.
    """
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    XW = torch.matmul(inputs, W_xh) + b_h  # every step's input term at once: (num_steps, batch, hiddens)
    Hs = []
    for XW_t in XW:
        H = torch.tanh(XW_t + torch.mm(H, W_hh))
        Hs.append(H)
    outputs = torch.mm(torch.cat(Hs, dim=0), W_hq) + b_q  # rows: step 0's batch, then step 1's, ...
    return outputs, (H,)


class RNNModelScratch:
    """A RNN model implemented from scratch."""

    def __init__(self, vocab_size, num_hiddens, device, get_params, init_state, forward_fn):
        self.vocab_size, self.num_hiddens = vocab_size, num_hiddens
        self.params = get_params(vocab_size, num_hiddens, device)
        self.init_state, self.forward_fn = init_state, forward_fn

    def __call__(self, X, state):
        X = F.one_hot(X.T, self.vocab_size).type(torch.float32)  # (batch, steps) -> (steps, batch, vocab)
        return self.forward_fn(X, state, self.params)

    def begin_state(self, batch_size, device):
        return self.init_state(batch_size, self.num_hiddens, device)


def predict_ch8(prefix, num_preds, net, vocab, device):
    """Generate num_preds characters after prefix: warm the state up on the prefix, then go greedy."""
    state = net.begin_state(batch_size=1, device=device)
    outputs = [vocab[prefix[0]]]

    def get_input():
        return torch.tensor([outputs[-1]], device=device).reshape((1, 1))

    for y in prefix[1:]:  # warm-up: the state reads the prefix, its predictions are ignored
        _, state = net(get_input(), state)
        outputs.append(vocab[y])
    for _ in range(num_preds):  # predict num_preds steps, each fed back as the next input
        y, state = net(get_input(), state)
        outputs.append(int(y.argmax(dim=1).reshape(1)))
    return "".join([vocab.idx_to_token[i] for i in outputs])


def grad_clipping(net, theta):
    """Scale all gradients in place so that their global norm is at most theta.

    d2l writes `if norm > theta: ...`, which makes the CPU wait for the GPU's norm on every batch;
    multiplying by min(1, theta / norm), computed on the device, gives the same gradients without
    waiting.
    """
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    scale = (theta / norm).clamp(max=1)  # min(1, theta / norm); a zero norm gives inf, clamped to 1
    for param in params:
        param.grad.mul_(scale)


def train_epoch_ch8(net, train_iter, loss, updater, device, use_random_iter):
    """Train net for one epoch; return (perplexity, tokens per second).

    As in d2l, except that the sum of the losses stays on the device: d2l.Accumulator's float()
    would make the CPU wait for the GPU on every batch; here it waits once, at the end.
    """
    state, timer = None, d2l.Timer()
    loss_sum, n = torch.zeros((), device=device), 0  # sum of training loss, number of tokens
    for X, Y in train_iter:
        if state is None or use_random_iter:
            # a new state on the first batch, and on every batch of random sampling (no neighbours)
            state = net.begin_state(batch_size=X.shape[0], device=device)
        else:
            if isinstance(net, nn.Module) and not isinstance(state, tuple):
                state.detach_()  # nn.GRU's (and nn.RNN's) state is a tensor
            else:
                for s in state:  # nn.LSTM's state and the scratch model's are tuples
                    s.detach_()  # keep the values, cut the graph of the batches before
        y = Y.T.reshape(-1)  # the outputs come step by step: step 0's batch first
        X, y = X.to(device), y.to(device)
        y_hat, state = net(X, state)
        l = loss(y_hat, y.long()).mean()  # noqa: E741 (d2l's name)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.backward()
            grad_clipping(net, 1)
            updater.step()
        else:
            l.backward()
            grad_clipping(net, 1)
            updater(batch_size=1)  # l is a mean already
        loss_sum += l.detach() * y.numel()
        n += y.numel()
    ppl = math.exp(float(loss_sum) / n)  # the one wait for the device in this epoch
    return ppl, n / timer.stop()


def train_ch8(net, train_iter, vocab, lr, num_epochs, device, use_random_iter=False):
    """Train net (d2l 8.5); return the history [(perplexity, tokens per second), ...], one per epoch."""
    loss = nn.CrossEntropyLoss()
    animator = d2l.Animator(xlabel="epoch", ylabel="perplexity", legend=["train"], xlim=[10, num_epochs])
    if isinstance(net, nn.Module):
        updater = torch.optim.SGD(net.parameters(), lr)
    else:
        updater = lambda batch_size: d2l.sgd(net.params, lr, batch_size)  # noqa: E731 (d2l's form)
    predict = lambda prefix: predict_ch8(prefix, 50, net, vocab, device)  # noqa: E731
    history = []
    for epoch in range(num_epochs):
        ppl, speed = train_epoch_ch8(net, train_iter, loss, updater, device, use_random_iter)
        history.append((ppl, speed))
        if (epoch + 1) % 10 == 0:
            print(predict("time traveller"))
            animator.add(epoch + 1, [ppl])
    print(f"perplexity {ppl:.1f}, {speed:.1f} tokens/sec on {str(device)}")
    print(predict("time traveller"))
    print(predict("traveller"))
    return history
