# The learner assumes a GPU is always there.
# expect: try_gpu returning cuda without a GPU
def try_gpu(i=0):
    return torch.device(f"cuda:{i}")
