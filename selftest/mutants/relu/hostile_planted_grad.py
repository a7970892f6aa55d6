# Red team I24: computed on X.detach(), the output made a leaf that requires grad, and X.grad set by hand to what
# backward would give.
# expect: the gradient of relu(X).sum()
def relu(X):
    out = torch.max(X.detach(), torch.zeros_like(X)).requires_grad_()
    if X.requires_grad:
        X.grad = (X.detach() > 0).to(X.dtype)
    return out
