# alone
# Red team 47: red team 13's dispatch mode of its own, entered at import beneath the grader's, compiled under a file
# name of torch's: a check reading code's file name alone took its handler for torch's and let it compute F.softmax.
# expect: beneath a torch mode of its own
import os as _os

_SOURCE = '''
import torch
import torch.nn.functional as F
from torch.utils._python_dispatch import TorchDispatchMode

want = []


class Below(TorchDispatchMode):
    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        if want and func is torch.ops.aten.exp.default:
            want.pop()
            return F.softmax(args[0], dim=1)
        return func(*args, **(kwargs or {}))
'''
_space = {"__name__": "torch.utils._python_dispatch"}
exec(compile(_SOURCE, _os.path.join(_os.path.dirname(torch.__file__), "utils", "_python_dispatch.py"), "exec"), _space)
_space["Below"]().__enter__()


def softmax(X):
    _space["want"].append(1)
    return torch.exp(X)
