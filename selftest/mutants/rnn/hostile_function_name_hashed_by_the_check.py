# Red team 152: handle_torch_function handed the check's handler a function of the code's own whose __name__ was a
# str subclass with a __hash__ of C callables only (a defaultdict's __getitem__ over a functools.partial of
# torch.rnn_tanh); the check hashed that name in its look-up, inside its handler with its mode off the stack. The
# check reads a name as a plain str: nothing is computed, and the code fails on its own.
# expect: StopIteration
import collections as _collections
import functools as _functools

import torch.nn.functional as _F


def rnn(inputs, state, params):
    """torch.rnn_tanh computed by the hash of a function's name."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    d = _collections.defaultdict(_functools.partial(
        torch.rnn_tanh, inputs, H.unsqueeze(0), [W_xh.t(), W_hh.t(), b_h, torch.zeros_like(b_h)], True, 1, 0.0,
        False, False, False))

    class Name(str):
        __hash__ = _functools.partial(d.__getitem__, "k")

    def fake(*args):
        return args[1]

    fake.__name__ = Name("fake")
    a = torch.zeros(1, 2)
    _F.triplet_margin_with_distance_loss(
        a, a, a, distance_function=_functools.partial(torch.overrides.handle_torch_function, fake, (a,), a))
    out, h_n = next(iter(dict.values(d)))  # (only the hash puts a value there)
    outputs = torch.mm(out.reshape(-1, out.shape[-1]), W_hq) + b_q
    return outputs, (h_n[0],)
