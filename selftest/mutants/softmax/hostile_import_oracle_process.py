# Red team 15: a process forked at import, before any guard, computes torch.softmax for the graded call through
# pipes; the guard refused threads started earlier, not processes.
# alone: made at import, it serves every exercise of its file
# expect: a process your code started earlier
import json
import os

import torch

_ask_r, _ask_w = os.pipe()
_answer_r, _answer_w = os.pipe()
if os.fork() == 0:
    try:
        with os.fdopen(_ask_r, "rb", buffering=0) as ask:
            for line in iter(ask.readline, b""):
                out = torch.softmax(torch.tensor(json.loads(line), dtype=torch.float64), dim=1).tolist()
                os.write(_answer_w, (json.dumps(out) + "\n").encode())
    finally:
        os._exit(0)
_answers = os.fdopen(_answer_r, "rb", buffering=0)


def softmax(X):
    os.write(_ask_w, (json.dumps(X.detach().cpu().double().tolist()) + "\n").encode())
    values = torch.tensor(json.loads(_answers.readline()), dtype=X.dtype)
    return (X - X.detach()) + values.to(X.device)
