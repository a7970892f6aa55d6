# > i + 1 instead of >= i + 1: the last GPU is never used.
# expect: an off-by-one check
def try_gpu(i=0):
    if torch.cuda.device_count() > i + 1:
        return torch.device(f'cuda:{i}')
    return torch.device('cpu')
