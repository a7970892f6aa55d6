# w as a vector (d,) instead of a column (d, 1).
# expect: make w a column of shape
def init_linreg_params(X, sigma=0.01):
    w = torch.normal(0, sigma, (X.shape[1],), device=X.device, dtype=X.dtype, requires_grad=True)
    b = torch.zeros(1, device=X.device, dtype=X.dtype, requires_grad=True)
    return w, b
