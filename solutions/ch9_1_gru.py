"""d2l 9.1 Gated recurrent units (门控循环单元 GRU), from scratch; trained through 8.5's RNNModelScratch."""

import torch


def get_params(vocab_size, num_hiddens, device):
    """[W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q]: the update gate, the reset gate,
    the candidate state, the output layer; weights ~ N(0, 0.01), biases zero, all requiring grad."""
    num_inputs = num_outputs = vocab_size

    def normal(shape):
        return torch.randn(size=shape, device=device) * 0.01

    def three():
        return (normal((num_inputs, num_hiddens)), normal((num_hiddens, num_hiddens)),
                torch.zeros(num_hiddens, device=device))

    W_xz, W_hz, b_z = three()  # update gate
    W_xr, W_hr, b_r = three()  # reset gate
    W_xh, W_hh, b_h = three()  # candidate hidden state
    W_hq = normal((num_hiddens, num_outputs))  # output layer
    b_q = torch.zeros(num_outputs, device=device)
    params = [W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q]
    for param in params:
        param.requires_grad_(True)
    return params


def init_gru_state(batch_size, num_hiddens, device):
    """(H,): H zeros (batch_size, num_hiddens) on device."""
    return (torch.zeros((batch_size, num_hiddens), device=device),)


def gru(inputs, state, params):
    """The GRU over inputs (num_steps, batch_size, vocab_size): (outputs (num_steps * batch_size, vocab_size), (H,))."""
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        Z = torch.sigmoid((X @ W_xz) + (H @ W_hz) + b_z)
        R = torch.sigmoid((X @ W_xr) + (H @ W_hr) + b_r)
        H_tilda = torch.tanh((X @ W_xh) + ((R * H) @ W_hh) + b_h)  # the reset gate acts before the product
        H = Z * H + (1 - Z) * H_tilda  # Z near 1 keeps the old state
        outputs.append(H @ W_hq + b_q)
    return torch.cat(outputs, dim=0), (H,)
