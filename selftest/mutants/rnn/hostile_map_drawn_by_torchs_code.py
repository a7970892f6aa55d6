# Red team 153: a map over a functools.partial of torch.rnn_tanh, given to F.lp_pool2d as its kernel size, was drawn
# by torch's own Python code (_pair's tuple()) inside the check's handler with its mode off the stack: C calls only,
# no frame of the code's own, and rnn_tanh breaks into ops with allowed names. An iterator argument is refused.
# expect: map, an iterator
import functools as _functools

import torch.nn.functional as _F


def rnn(inputs, state, params):
    """torch.rnn_tanh computed while torch's code draws a map's items."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    results = []
    step = _functools.partial(torch.rnn_tanh, hx=H.unsqueeze(0), params=[W_xh.T, W_hh.T, b_h, torch.zeros_like(b_h)],
                              has_biases=True, num_layers=1, dropout=0.0, train=False, batch_first=False,
                              bidirectional=False)
    try:
        _F.lp_pool2d(torch.zeros(1, 1, 2, 2), 2.0, map(results.append, map(step, [inputs])))
    except (ValueError, TypeError):
        pass
    Y, h_n = results[0]
    outputs = torch.mm(Y.reshape(-1, Y.shape[-1]), W_hq) + b_q
    return outputs, (h_n[0],)
