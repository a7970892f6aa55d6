# Found in review (this session): the function handler read what a setter lets go of (y.grad of a non-leaf y, for
# `y.grad = None`) before it quieted the warnings machinery, and that read warns. A display function of C callables
# only (a defaultdict's __getitem__ over a functools.partial of torch.rnn_tanh) ran nn.RNN's whole layer there,
# with the function check off the stack and no frame of the code's own. The read is made with the machinery quiet:
# nothing is computed, and the code fails on its own.
# expect: StopIteration
def rnn(inputs, state, params):
    """Computed by torch.rnn_tanh (nn.RNN's own kernel), run from the warning of the guard's own read."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    import collections, functools, warnings
    box = collections.defaultdict(functools.partial(
        torch.rnn_tanh, inputs, H.unsqueeze(0), [W_xh.T, W_hh.T, b_h, b_h * 0], True, 1, 0.0, False, False, False))
    saved_show, saved_filters = warnings._showwarnmsg, warnings.filters[:]
    warnings.filters.insert(0, ("always", None, Warning, None, 0))
    warnings._filters_mutated()
    warnings._showwarnmsg = box.__getitem__  # C calls it: no Python frame of the code's own
    try:
        y = torch.ones(1, requires_grad=True) * 2  # a non-leaf: reading y.grad warns
        y.grad = None
    finally:
        warnings._showwarnmsg = saved_show
        warnings.filters[:] = saved_filters
        warnings._filters_mutated()
    out, h_n = next(iter(box.values()))
    outputs = torch.mm(out.reshape(-1, out.shape[-1]), W_hq) + b_q
    return outputs, (h_n[0],)
