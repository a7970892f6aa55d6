# randn with requires_grad=True, then * sigma: w is computed from the leaf, not the leaf itself.
# expect: make w a leaf
def init_linreg_params(X, sigma=0.01):
    w = torch.randn(X.shape[1], 1, device=X.device, dtype=X.dtype, requires_grad=True) * sigma
    b = torch.zeros(1, device=X.device, dtype=X.dtype, requires_grad=True)
    return w, b
