# horizontal is ignored: the vertical-edge kernel is always used.
# expect: only sees vertical edges
def edge_detect(X, horizontal=False):
    K = torch.tensor([[1.0, -1.0]], device=X.device)
    return corr2d(X, K)
