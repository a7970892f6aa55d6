# Created on the CPU with requires_grad=True, then moved: the moved copy is no leaf.
# expect: .to(X.device) after requires_grad=True made a copy
def init_linreg_params(X, sigma=0.01):
    w = torch.normal(0, sigma, (X.shape[1], 1), dtype=X.dtype, requires_grad=True).to(X.device)
    b = torch.zeros(1, dtype=X.dtype, requires_grad=True).to(X.device)
    return w, b
