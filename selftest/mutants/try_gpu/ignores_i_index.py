# The index is fixed at 0: try_gpu(1) also gives the first GPU.
# expect: use i, torch.device(f'cuda:{i}')
def try_gpu(i=0):
    if torch.cuda.device_count() >= i + 1:
        return torch.device('cuda:0')
    return torch.device('cpu')
