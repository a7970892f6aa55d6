# Red team 98: a process forked at import by one of autograd's pool threads (a backward nested past depth 60 runs
# there), not by the main thread, computes torch.softmax for the graded call through pipes: the guard read only the
# calling thread's children, and that thread is no Python thread (no frame, not in threading.enumerate).
# alone: made at import, it serves every exercise of its file
# expect: a process your code started earlier
import json
import os
import threading

import torch

_MAIN = threading.get_native_id()
_ask_r, _ask_w = os.pipe()
_answer_r, _answer_w = os.pipe()
_forked = []


def _serve():
    try:
        with os.fdopen(_ask_r, "rb", buffering=0) as ask:
            for line in iter(ask.readline, b""):
                out = torch.softmax(torch.tensor(json.loads(line), dtype=torch.float64), dim=1).tolist()
                os.write(_answer_w, (json.dumps(out) + "\n").encode())
    finally:
        os._exit(0)


class _Deep(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, depth):
        ctx.depth = depth
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        if threading.get_native_id() != _MAIN and not _forked:  # on autograd's pool thread
            _forked.append(os.fork())
            if _forked[0] == 0:
                _serve()
        elif ctx.depth > 0:
            with torch.enable_grad():
                _Deep.apply(torch.ones(1, requires_grad=True), ctx.depth - 1).sum().backward()
        return g, None


_Deep.apply(torch.ones(1, requires_grad=True), 80).sum().backward()
_answers = os.fdopen(_answer_r, "rb", buffering=0)


def softmax(X):
    os.write(_ask_w, (json.dumps(X.detach().cpu().double().tolist()) + "\n").encode())
    values = torch.tensor(json.loads(_answers.readline()), dtype=X.dtype)
    return (X - X.detach()) + values.to(X.device)
