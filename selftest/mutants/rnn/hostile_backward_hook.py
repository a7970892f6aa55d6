# Red team 31: torch.rnn_tanh run in a tensor hook that a backward inside the call runs, with the function check
# off the stack (the backward is one torch call); since red team 35 a backward runs with the check on it again.
# expect: called nn.RNN / torch.rnn_tanh
def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    box = []

    def hook(grad):
        out, h_n = torch.rnn_tanh(inputs, H.unsqueeze(0), [W_xh.T, W_hh.T, b_h, torch.zeros_like(b_h)],
                                  True, 1, 0.0, False, False, False)
        box.append((out.reshape(-1, out.shape[-1]) @ W_hq + b_q, (h_n[0],)))
        return grad

    x = torch.ones(1, requires_grad=True)
    x.register_hook(hook)
    (x * 2).sum().backward()
    return box[0]
