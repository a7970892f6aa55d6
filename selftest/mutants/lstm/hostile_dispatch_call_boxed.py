# Red team 17: the composite aten::lstm_cell through torch's dispatcher directly (_dispatch_call_boxed), which no
# function mode sees; it breaks into mm, sigmoid and tanh before the dispatch mode does.
# expect: came through no torch function
import torch


def lstm(inputs, state, params):
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q] = params
    (H, C) = state
    w_ih = torch.cat([W_xi, W_xf, W_xc, W_xo], dim=1).T
    w_hh = torch.cat([W_hi, W_hf, W_hc, W_ho], dim=1).T
    b = torch.cat([b_i, b_f, b_c, b_o])
    cell = torch._C._dispatch_find_schema_or_throw("aten::lstm_cell", "")
    outputs = []
    for X in inputs:
        H, C = torch._C._dispatch_call_boxed(cell, X, [H, C], w_ih, w_hh, b, None)
        outputs.append((H @ W_hq) + b_q)
    return torch.cat(outputs, dim=0), (H, C)
