# Red team 6: torch._refs.softmax, torch's own Python softmax (its ops are exp, amax, sum: no softmax op).
# expect: torch._refs.softmax
import torch._refs as R


def softmax(X):
    return R.softmax(X, 1)
