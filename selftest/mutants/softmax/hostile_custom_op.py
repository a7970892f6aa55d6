# guard4: a custom operator (torch.library.custom_op), made at import, whose kernel calls torch.softmax below the
# guard's modes.
# alone: made at import, it reaches every exercise of its file
# expect: registered with torch.library
import torch


@torch.library.custom_op("katas_red::rows", mutates_args=())
def _kernel(X: torch.Tensor) -> torch.Tensor:
    return torch.softmax(X, 1)


def softmax(X):
    return _kernel(X)
