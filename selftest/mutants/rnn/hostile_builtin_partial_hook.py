# Red team 35: torch.rnn_tanh_cell as a tensor hook that is a functools.partial of it (no frame of learner code),
# which autograd's engine runs in the middle of torch.autograd.grad, with the function check's handler on the stack.
# expect: called nn.RNN / torch.rnn_tanh
def rnn(inputs, state, params):
    import functools
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        cell = functools.partial(torch.rnn_tanh_cell, X, w_ih=W_xh.T, w_hh=W_hh.T, b_ih=b_h)
        a = torch.zeros_like(H, requires_grad=True)
        b = a * 1.0
        b.register_hook(cell)  # hook(grad) = rnn_tanh_cell(X, grad, ...): the grad given is H
        H, = torch.autograd.grad(b, a, grad_outputs=H, create_graph=True)
        outputs.append(H @ W_hq + b_q)
    return torch.cat(outputs, dim=0), (H,)
