# 'cuda{i}' without the colon is no device name torch knows.
# expect: write the device as f'cuda:{i}', with the colon
def try_gpu(i=0):
    if torch.cuda.device_count() >= i + 1:
        return torch.device(f'cuda{i}')
    return torch.device('cpu')
