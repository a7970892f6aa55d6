# torch's reentrant checkpoint: its backward runs the function again in the test's backward, after the call, where
# the guard is off and the recompute may use torch.softmax (run once at import, so that the call loads no library).
# expect: torch.utils.checkpoint
import torch
import torch.utils.checkpoint

_book_softmax = softmax
torch.utils.checkpoint.checkpoint(lambda x: x * 1, torch.ones(1, requires_grad=True), use_reentrant=True)


def softmax(X):
    return torch.utils.checkpoint.checkpoint(_book_softmax, X, use_reentrant=True)
