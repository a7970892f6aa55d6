# alone
# Red team 47: torch's own FlopCounterMode, entered at import beneath the grader's modes, calls a formula of the
# learner's (custom_mapping, _get_raw) inside its handler, where neither of the check's modes is on the stack.
# expect: beneath a torch mode of its own (_FlopCounterMode)
from torch.utils.flop_counter import FlopCounterMode as _Counter

_job = []


def _formula(*args, out_val=None, **kwargs):
    if _job:
        _job.append(torch.softmax(_job.pop(), 1))
    return 0


_formula._get_raw = True
_Counter(display=False, custom_mapping={torch.ops.aten.detach: _formula}).__enter__()


def softmax(X):
    _job.append(X.detach())
    X.detach()  # torch's counter, beneath the check, runs _formula
    S = _job.pop()
    return S + (X - X.detach())
