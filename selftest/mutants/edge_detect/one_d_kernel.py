# A 1-D kernel: corr2d cannot unpack h, w = K.shape.
# expect: K must be 2-D
def edge_detect(X, horizontal=False):
    K = torch.tensor([1.0, -1.0], device=X.device)
    return corr2d(X, K)
