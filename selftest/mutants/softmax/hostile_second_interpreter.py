# Red team 68: a second interpreter, made during the call, has no audit hook and modules of its own: torch's own
# softmax kernel called there through ctypes raised no event the guard heard. Making one is refused.
# expect: second interpreter
import _xxsubinterpreters
import torch


def softmax(X):
    out = torch.empty_like(X)
    interp = _xxsubinterpreters.create()
    try:
        _xxsubinterpreters.run_string(interp, f"import torch\nprint({id(out)}, {id(X)})")
    finally:
        _xxsubinterpreters.destroy(interp)
    return torch.exp(X) / torch.exp(X).sum(1, keepdim=True)
