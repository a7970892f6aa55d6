# Red team 71: a trace function set at import whose class wore coverage's module name (the guard let coverage's
# tracer be): its next call event after the graded call filled the placeholder with torch.softmax.
# alone: set at import, it runs in every exercise of its file
# expect: a trace function
import sys

import torch

_JOBS = []


class Tracer:
    def __call__(self, frame, event, arg):
        for X, out in _JOBS:
            out.copy_(torch.softmax(X, 1))
        _JOBS.clear()
        return None


Tracer.__module__ = "coverage.pytracer"
sys.settrace(Tracer())


def softmax(X):
    out = X * 0.0
    _JOBS.append((X.detach(), out))
    return out
