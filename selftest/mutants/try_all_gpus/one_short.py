# range(count - 1): the last GPU is left out.
# expect: one short
def try_all_gpus():
    devices = [torch.device(f'cuda:{i}') for i in range(torch.cuda.device_count() - 1)]
    return devices if devices else [torch.device('cpu')]
