# Red team 116: a deque index (the guard read the items of exact lists and tuples only) whose item's __index__ is a
# functools.partial of store.extend over map(torch.rnn_tanh_cell, ...): torch calls it in the middle of the
# indexing, with no frame of the file's and the function check off the stack.
# expect: ran a torch call with an argument whose
import torch

_PAD = torch.zeros(1, 1)


def rnn(inputs, state, params):
    """RNN whose every step is torch.rnn_tanh_cell (forbidden), reached through a deque index item's __index__."""
    import collections, functools
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    w_ih, w_hh = W_xh.T, W_hh.T
    Hs = []
    for X in inputs:
        store = []

        class Item:
            pass

        # Tensor.__getitem__ reads the deque index's item with PyNumber_Index; the partial calls store.extend, whose
        # map calls torch.rnn_tanh_cell from C: no Python frame of this file on the stack, the function mode popped
        Item.__index__ = functools.partial(store.extend, map(torch.rnn_tanh_cell, [X], [H], [w_ih], [w_hh], [b_h]))
        try:
            _PAD[collections.deque([slice(None), Item()])]
        except (TypeError, IndexError):  # __index__ returned None: "invalid index"
            pass
        H = store[0]
        Hs.append(H)
    outputs = torch.mm(torch.cat(Hs, dim=0), W_hq) + b_q
    return outputs, (H,)
