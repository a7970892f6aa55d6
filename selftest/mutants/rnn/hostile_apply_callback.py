# Red team 31: torch.rnn_tanh run in a function given to Tensor.apply_, which torch calls back in the middle of
# that call while the function check is off the stack (rnn_tanh breaks into allowed ops before the dispatch check).
# expect: called nn.RNN / torch.rnn_tanh
def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    box = []

    def job(value):
        if not box:
            out, h_n = torch.rnn_tanh(inputs, H.unsqueeze(0), [W_xh.T, W_hh.T, b_h, torch.zeros_like(b_h)],
                                      True, 1, 0.0, False, False, False)
            box.append((out.reshape(-1, out.shape[-1]) @ W_hq + b_q, (h_n[0],)))
        return value

    torch.zeros(1).apply_(job)
    return box[0]
