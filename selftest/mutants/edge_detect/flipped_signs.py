# The kernel is written the other way round.
# expect: signs are flipped
def edge_detect(X, horizontal=False):
    K = torch.tensor([[-1.0, 1.0]], device=X.device)
    return corr2d(X, K.T if horizontal else K)
