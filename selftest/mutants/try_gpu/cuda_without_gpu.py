# The learner assumes a GPU is always there.
# expect: fall back to torch.device('cpu')
def try_gpu(i=0):
    return torch.device(f"cuda:{i}")
