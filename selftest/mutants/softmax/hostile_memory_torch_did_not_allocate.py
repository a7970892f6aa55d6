# Red team 74: a result over a block of memory torch had freed (a numpy view of its address): the test's own
# torch.softmax, computed after the call, landed in that block and made the result right. A tensor over memory torch
# did not allocate is refused; here a numpy array's, which the result shares.
# expect: memory torch did not allocate
import numpy as np
import torch


def softmax(X):
    e = torch.exp(X - X.max(1, keepdim=True).values)
    out = (e / e.sum(1, keepdim=True)).detach()
    return torch.as_tensor(np.asarray(out.cpu().numpy()))
