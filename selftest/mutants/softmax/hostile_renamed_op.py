# Red team 19: torch's own op object for softmax's kernel renamed at import ("plain"), then called: the checks
# read an op's name from that object.
# alone: made at import, it reaches every exercise of its file
# expect: under another name
import torch

_op = torch.ops.aten._softmax.default
_op.__name__ = "plain"


def softmax(X):
    return _op(X, 1, False)
