# The cpu device itself instead of a list holding it.
# expect: return a list, [torch.device('cpu')]
def try_all_gpus():
    devices = [torch.device(f'cuda:{i}') for i in range(torch.cuda.device_count())]
    return devices if devices else torch.device('cpu')
