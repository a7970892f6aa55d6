# d2l's 0.01 typed in: the sigma argument is ignored.
# expect: use the argument sigma
def init_linreg_params(X, sigma=0.01):
    w = torch.normal(0, 0.01, (X.shape[1], 1), device=X.device, dtype=X.dtype, requires_grad=True)
    b = torch.zeros(1, device=X.device, dtype=X.dtype, requires_grad=True)
    return w, b
