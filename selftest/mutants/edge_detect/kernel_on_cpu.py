# d2l's K = torch.tensor([[1.0, -1.0]]) is on the CPU: on a GPU, X * K fails (caught on simgpu too).
# expect: create K on X's device
def edge_detect(X, horizontal=False):
    K = torch.tensor([[1.0, -1.0]], dtype=X.dtype)
    return corr2d(X, K.T if horizontal else K)
