# Red team 4, #1: torch.rnn_tanh inside a TorchScript function (TorchScript never calls the function
# mode, and the composite op reaches the dispatch mode only as addmm/tanh).
# expect: TorchScript
@torch.jit.script
def _scripted(x, h, w_ih, w_hh, b_ih, b_hh):
    return torch.rnn_tanh(x, h, [w_ih, w_hh, b_ih, b_hh], True, 1, 0.0, False, False, False)


def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    out, hn = _scripted(inputs, H.unsqueeze(0), W_xh.T, W_hh.T, b_h, torch.zeros_like(b_h))
    return torch.mm(out.reshape(-1, out.shape[-1]), W_hq) + b_q, (hn[0],)
