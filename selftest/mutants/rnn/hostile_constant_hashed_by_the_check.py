# Red team 154: an argument's __index__ was a function whose code, labelled as torch.nn.functional's
# (code.replace), held a key two tuples deep among its constants; the check hashed that code object (a set's look-up,
# to tell torch's code) and so the key, whose __hash__ of C callables ran torch.rnn_tanh in the function handler, its
# TypeError caught. Constants are read at every depth: the hook is the code's own, and the call is refused.
# expect: its own code
import collections as _collections
import functools as _functools
import types as _types

import torch.nn.functional as _F


def _template(self):
    return 0


def rnn(inputs, state, params):
    """torch.rnn_tanh computed by the hash of a code object's constant."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    box = _collections.defaultdict(_functools.partial(
        torch.rnn_tanh, inputs, H.unsqueeze(0), [W_xh.T, W_hh.T, b_h, torch.zeros_like(b_h)], True, 1, 0.0, False,
        False, False))

    class Key:
        __hash__ = _functools.partial(box.__getitem__, "y")

    code = _template.__code__.replace(co_filename=_F.__file__,
                                      co_consts=_template.__code__.co_consts + (((Key(),),),))

    class Hooky:
        __index__ = _types.FunctionType(code, vars(_F))

    a = torch.zeros(1, 1)
    try:
        _F.triplet_margin_with_distance_loss(a, a, a, distance_function=_functools.partial(torch.tensordot,
                                                                                          dims=Hooky()))
    except TypeError:
        pass
    Y, h_n = box["y"]
    return torch.matmul(Y, W_hq).reshape(-1, W_hq.shape[1]) + b_q, (h_n[0],)
