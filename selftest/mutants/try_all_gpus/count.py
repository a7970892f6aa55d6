# The number of GPUs instead of the devices themselves.
# expect: return the devices, not how many there are
def try_all_gpus():
    return torch.cuda.device_count()
