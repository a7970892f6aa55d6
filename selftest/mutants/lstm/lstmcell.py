# torch's LSTM cell does the work.
# expect: a recurrent layer of torch's
def lstm(inputs, state, params):
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q] = params
    (H, C) = state
    outputs = []
    for X in inputs:
        b = torch.cat([b_i, b_f, b_c, b_o])
        H, C = torch.lstm_cell(X, (H, C), torch.cat([W_xi, W_xf, W_xc, W_xo], 1).T,
                               torch.cat([W_hi, W_hf, W_hc, W_ho], 1).T, b, torch.zeros_like(b))
        outputs.append(H @ W_hq + b_q)
    return torch.cat(outputs, dim=0), (H, C)
