# Red team 8: a thread started at import computes torch.softmax for the guarded call, which waits on a queue inside
# a custom autograd Function; the thread has none of the guard's modes.
# alone: made at import, it reaches every exercise of its file
# expect: a thread your code started earlier
import queue
import threading

import torch

_jobs, _done = queue.Queue(), queue.Queue()


def _worker():
    while True:
        X = _jobs.get()
        _done.put(torch.softmax(X, dim=1))


threading.Thread(target=_worker, daemon=True).start()


class _RowNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, X):
        _jobs.put(X.detach())
        y = _done.get()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return y * (g - (g * y).sum(1, keepdim=True))


def softmax(X):
    return _RowNorm.apply(X)
