# Red team 142: an allowed torch call's warning was shown as the call returned, inside the guard's function handler
# with that mode off the stack; warnings._showwarnmsg, a C callable (a defaultdict's __getitem__ over a
# functools.partial of torch.rnn_tanh), ran nn.RNN's whole layer there. The machinery now ignores every warning
# while a handler runs a call: nothing is computed, and the code fails on its own.
# expect: StopIteration
def rnn(inputs, state, params):
    """Computed by torch.rnn_tanh (nn.RNN's own kernel), run from a warning callback."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    import collections, functools, warnings
    # torch.rnn_tanh(input, hx, params, has_biases, num_layers, dropout, train, batch_first, bidirectional)
    box = collections.defaultdict(functools.partial(
        torch.rnn_tanh, inputs, H.unsqueeze(0), [W_xh.T, W_hh.T, b_h, b_h * 0], True, 1, 0.0, False, False, False))
    saved_show, saved_filters = warnings._showwarnmsg, warnings.filters[:]
    warnings.filters.insert(0, ("always", None, Warning, None, 0))
    warnings._filters_mutated()
    warnings._showwarnmsg = box.__getitem__  # C calls it: no Python frame of the code's own
    try:
        torch.add(torch.ones(3), torch.ones(3), out=torch.ones(5))  # a TORCH_WARN inside an allowed kernel
    finally:
        warnings._showwarnmsg = saved_show
        warnings.filters[:] = saved_filters
        warnings._filters_mutated()
    out, h_n = next(iter(box.values()))
    outputs = torch.mm(out.reshape(-1, out.shape[-1]), W_hq) + b_q
    return outputs, (h_n[0],)

