# Red team 148: a finalizer that is C callables only (no frame of the code's own), on the storage of a tensor's old
# gradient, freed by the grad setter in the middle of that call, where the function check is off the stack: it ran
# torch.rnn_tanh, whose ops have allowed names. What a setter lets go of is kept until the check is on again.
# expect: rnn called nn.RNN
import functools


class _Held:
    pass


def _unseen(f, *args):
    out = []
    t = torch.zeros(1, requires_grad=True)
    g = torch.zeros(1)
    storage = g.untyped_storage()
    held = _Held()
    held.__class__ = type("_F", (), {"__del__": functools.partial(
        list.extend, out, map(functools.partial(f, *args[:-1]), [args[-1]]))})
    storage.obj = held
    del storage, held
    t.grad = g
    del g
    t.grad = None  # the old gradient, and its storage, let go of in the setter
    return out[0]


def rnn(inputs, state, params):
    """The whole RNN layer computed by torch.rnn_tanh, run from a finalizer."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    flat = [W_xh.t(), W_hh.t(), b_h, torch.zeros_like(b_h)]
    Y, H_n = _unseen(torch.rnn_tanh, inputs, H.unsqueeze(0), flat, True, 1, 0.0, False, False, False)
    outputs = torch.matmul(Y, W_hq) + b_q
    return outputs.reshape(-1, outputs.shape[-1]), (H_n[0],)
