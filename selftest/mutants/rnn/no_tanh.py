# No tanh: the RNN is one linear map.
# expect: needs its tanh
def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        H = torch.mm(X, W_xh) + torch.mm(H, W_hh) + b_h
        Y = torch.mm(H, W_hq) + b_q
        outputs.append(Y)
    return torch.cat(outputs, dim=0), (H,)
