# A learner who prints what they compute, as one does while debugging: repr, str and f-strings of tensors (torch's
# printing pops every mode, and the guard puts its own back for it) and printing options of their own are fine.
import sys

import torch


def softmax(X):
    torch.set_printoptions(precision=2, threshold=5, edgeitems=1, linewidth=60, sci_mode=False)
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    partition = X_exp.sum(1, keepdim=True)
    print(f"X_exp {X_exp}, partition {partition!r}", file=sys.stderr)
    str(X_exp.reshape(-1)[:3])
    torch.set_printoptions(profile="default")
    return X_exp / partition
