# New tensors land on the CPU by default: fine here, wrong as soon as X is on a GPU.
# expect: a hard-coded device
def init_linreg_params(X, sigma=0.01):
    w = torch.normal(0, sigma, (X.shape[1], 1), dtype=X.dtype, requires_grad=True)
    b = torch.zeros(1, dtype=X.dtype, requires_grad=True)
    return w, b
