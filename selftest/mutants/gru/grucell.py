# torch's GRU cell does the work.
# expect: a recurrent layer of torch's
def gru(inputs, state, params):
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        H = torch.gru_cell(X, H, torch.cat([W_xr, W_xz, W_xh], 1).T, torch.cat([W_hr, W_hz, W_hh], 1).T,
                           torch.cat([b_r, b_z, b_h]), torch.zeros_like(torch.cat([b_r, b_z, b_h])))
        outputs.append(H @ W_hq + b_q)
    return torch.cat(outputs, dim=0), (H,)
