# Horizontal edges as the vertical edges of the transposed image, transposed back.
def edge_detect(X, horizontal=False):
    K = torch.tensor([[1.0, -1.0]], device=X.device)
    if horizontal:
        return corr2d(X.T, K).T
    return corr2d(X, K)
