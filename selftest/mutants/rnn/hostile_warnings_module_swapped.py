# Red team 146: Python's C code reads the warnings machinery from sys.modules["warnings"] at every warning; a module
# of the code's own put there for one allowed call showed that call's warning inside the guard's function handler,
# that mode off the stack, through a C callable that ran torch.rnn_tanh (nn.RNN's whole layer). The real module is
# there while a handler runs a call: nothing is computed, and the code fails on its own.
# expect: StopIteration
def rnn(inputs, state, params):
    """Computed by torch.rnn_tanh (nn.RNN's own kernel), run from a warning callback of a swapped warnings module."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    import collections, functools, sys, types, warnings
    box = collections.defaultdict(functools.partial(
        torch.rnn_tanh, inputs, H.unsqueeze(0), [W_xh.T, W_hh.T, b_h, b_h * 0], True, 1, 0.0, False, False, False))
    fake = types.ModuleType("warnings")
    fake.__dict__.update(vars(warnings))
    fake.filters = [("always", None, Warning, None, 0)]
    fake._showwarnmsg = box.__getitem__  # C calls it: no Python frame of the code's own
    fake._defaultaction, fake.onceregistry = "always", {}
    saved = sys.modules["warnings"]
    sys.modules["warnings"] = fake
    try:
        torch.tensor(torch.zeros(1))  # "To copy construct from a tensor ...": a warning shown as the call returns
    finally:
        sys.modules["warnings"] = saved
    out, h_n = next(iter(box.values()))
    outputs = torch.mm(out.reshape(-1, out.shape[-1]), W_hq) + b_q
    return outputs, (h_n[0],)
