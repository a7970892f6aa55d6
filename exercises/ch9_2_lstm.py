"""d2l 9.2 Long short-term memory (长短期记忆网络 LSTM), from scratch.

Write each function below; its docstring shows the command that checks it. The book trains them
with 8.5's RNNModelScratch and train_ch8: d2l.RNNModelScratch(len(vocab), num_hiddens, device,
get_lstm_params, init_lstm_state, lstm). From scratch means it: lstm may not call nn.LSTM,
nn.LSTMCell or torch's LSTM ops.
从零实现：lstm 不能调用 nn.LSTM、nn.LSTMCell 或 torch 的 LSTM 运算。
"""

import torch


def get_lstm_params(vocab_size, num_hiddens, device):
    """Return the LSTM's parameters, in this order (lstm unpacks them so):
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q]
    input gate I, forget gate F, output gate O, candidate memory cell C_tilda, output layer.
    W_x* (vocab_size, num_hiddens), W_h* (num_hiddens, num_hiddens), b_* (num_hiddens,),
    W_hq (num_hiddens, vocab_size), b_q (vocab_size,). Weights torch.randn(...) * 0.01, biases zeros,
    all on device and requiring grad.
    返回 LSTM 的参数（顺序如上）；权重服从 N(0, 0.01)，偏置为零。
    Check: python grade.py get_lstm_params
    """
    # TODO
    raise NotImplementedError


def init_lstm_state(batch_size, num_hiddens, device):
    """Return the initial state: a tuple (H, C), both zeros (batch_size, num_hiddens) on device.
    返回初始状态 (H, C)，两个全零张量。
    Check: python grade.py init_lstm_state
    """
    # TODO
    raise NotImplementedError


def lstm(inputs, state, params):
    """Run the LSTM over inputs (num_steps, batch_size, vocab_size), step by step:
    I, F, O = sigmoid(X @ W_x* + H @ W_h* + b_*) for the input, forget and output gates;
    C_tilda = tanh(X @ W_xc + H @ W_hc + b_c); C = F * C + I * C_tilda; H = O * tanh(C);
    the output is H @ W_hq + b_q. Return (the outputs of all steps concatenated along dim 0, (H, C)).
    逐步计算三个门、候选记忆元、记忆元和隐状态；返回 (所有输出沿 0 维拼接, (H, C))。
    Check: python grade.py lstm
    """
    # TODO
    raise NotImplementedError
