# alone
# Saved-tensor hooks entered at import and never left: every tensor the call saves gets their unpack, which the
# test's backward runs after the call, unguarded.
# expect: saved-tensor hooks
import torch

_book_softmax = softmax
_HOOKS = torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t)
_HOOKS.__enter__()
