# Saved-tensor hooks around the computation: their unpack runs in the test's backward, after the call, unguarded,
# where it could hand back torch.softmax's output as the saved tensor.
# expect: saved-tensor hooks
import torch

_book_softmax = softmax


def softmax(X):
    with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
        return _book_softmax(X)
