# torch.stack then reshape((-1, vocab_size)) lays the steps out as torch.cat(outputs, dim=0) does.
def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)
        outputs.append(H @ W_hq + b_q)
    return torch.stack(outputs).reshape(-1, W_hq.shape[1]), (H,)
