# Red team 12: torch.ao's quantizable LSTMCell, torch's own LSTM cell written in Python, run with the learner's
# parameters through torch.func.functional_call.
# expect: torch's own Python code
def lstm(inputs, state, params):
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q] = params
    (H, C) = state
    cell = torch.ao.nn.quantizable.LSTMCell(W_xi.shape[0], W_xi.shape[1]).to(W_xi.device)
    weights = {"igates.weight": torch.cat([W_xi, W_xf, W_xc, W_xo], 1).T,
               "igates.bias": torch.cat([b_i, b_f, b_c, b_o]),
               "hgates.weight": torch.cat([W_hi, W_hf, W_hc, W_ho], 1).T,
               "hgates.bias": torch.zeros(4 * W_xi.shape[1], device=W_xi.device)}
    outputs = []
    for X in inputs:
        H, C = torch.func.functional_call(cell, weights, (X, (H, C)))
        outputs.append(H @ W_hq + b_q)
    return torch.cat(outputs, dim=0), (H, C)
