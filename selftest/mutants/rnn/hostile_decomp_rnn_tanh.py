# Red team 6: torch._decomp's Python rnn_tanh (its ops are addmm and tanh: no rnn_tanh op).
# expect: torch._decomp.decompositions.rnn_tanh_input
import torch._decomp.decompositions as D


def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    out, hn = D.rnn_tanh_input(inputs, H.unsqueeze(0), [W_xh.T, W_hh.T, b_h, torch.zeros_like(b_h)], True, 1, 0.0,
                               False, False, False)
    return torch.mm(out.reshape(-1, out.shape[-1]), W_hq) + b_q, (hn[0],)
