# Always the first GPU, whatever i asks for.
# expect: torch.device(f'cuda:{i}')
def try_gpu(i=0):
    if torch.cuda.device_count() >= i + 1:
        return torch.device('cuda')
    return torch.device('cpu')
