# Red team 8: an audit hook added at import fills the returned tensor with torch.softmax on the grader's own
# audited call (sys._current_frames) after the guard has ended.
# alone: made at import, it reaches every exercise of its file
# expect: audit hook
import sys

import torch

_pending = []


def _fill(event, args):
    if _pending and event == "sys._current_frames":
        X, out = _pending.pop()
        with torch.no_grad():
            out.copy_(torch.softmax(X, dim=1))


sys.addaudithook(_fill)


def softmax(X):
    out = X * 0.0
    _pending.append((X.detach(), out))
    return out
