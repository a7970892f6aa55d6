# The device's name as a string instead of a torch.device.
# expect: not the string
def try_gpu(i=0):
    if torch.cuda.device_count() >= i + 1:
        return f'cuda:{i}'
    return 'cpu'
