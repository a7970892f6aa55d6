# The cyclic garbage collector runs finalizers wherever it happens to run, inside the guard's handlers and torch's
# kernels too, where no mode is on the stack: it is off for a from-scratch call, and code that turns it on is refused.
# expect: garbage collector
import gc


def softmax(X):
    gc.enable()
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    return X_exp / X_exp.sum(1, keepdim=True)
