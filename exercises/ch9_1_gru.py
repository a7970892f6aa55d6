"""d2l 9.1 Gated recurrent units (门控循环单元 GRU), from scratch.

Write each function below; its docstring shows the command that checks it. The book trains them
with 8.5's RNNModelScratch and train_ch8: d2l.RNNModelScratch(len(vocab), num_hiddens, device,
get_params, init_gru_state, gru). From scratch means it: gru may not call nn.GRU, nn.GRUCell or
torch's GRU ops.
从零实现：gru 不能调用 nn.GRU、nn.GRUCell 或 torch 的 GRU 运算。
"""

import torch


def get_params(vocab_size, num_hiddens, device):
    """Return the GRU's parameters, in this order (gru unpacks them so):
    [W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q]
    update gate Z, reset gate R, candidate state H_tilda, output layer. W_x* (vocab_size, num_hiddens),
    W_h* (num_hiddens, num_hiddens), b_* (num_hiddens,), W_hq (num_hiddens, vocab_size), b_q (vocab_size,).
    Weights torch.randn(...) * 0.01, biases zeros, all on device and requiring grad.
    返回 GRU 的参数（顺序如上）；权重服从 N(0, 0.01)，偏置为零。
    Check: python grade.py gru_get_params
    """
    # TODO
    raise NotImplementedError


def init_gru_state(batch_size, num_hiddens, device):
    """Return the initial state: a tuple (H,), H zeros (batch_size, num_hiddens) on device.
    返回初始状态 (H,)。
    Check: python grade.py init_gru_state
    """
    # TODO
    raise NotImplementedError


def gru(inputs, state, params):
    """Run the GRU over inputs (num_steps, batch_size, vocab_size), step by step:
    Z = sigmoid(X @ W_xz + H @ W_hz + b_z); R = sigmoid(X @ W_xr + H @ W_hr + b_r);
    H_tilda = tanh(X @ W_xh + (R * H) @ W_hh + b_h) (the reset gate before the product);
    H = Z * H + (1 - Z) * H_tilda; the output is H @ W_hq + b_q.
    Return (the outputs of all steps concatenated along dim 0, (H,)).
    逐步计算更新门、重置门、候选隐状态和隐状态；返回 (所有输出沿 0 维拼接, (H,))。
    Check: python grade.py gru
    """
    # TODO
    raise NotImplementedError
