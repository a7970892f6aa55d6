# The device is right but float32 is assumed: float64 data gets float32 parameters.
# expect: pass dtype=X.dtype
def init_linreg_params(X, sigma=0.01):
    w = torch.normal(0, sigma, (X.shape[1], 1), device=X.device, requires_grad=True)
    b = torch.zeros(1, device=X.device, requires_grad=True)
    return w, b
