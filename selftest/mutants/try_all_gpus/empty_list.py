# d2l-en 1.0.3's version: an empty list when there is no GPU.
# expect: try_all_gpus returned []
def try_all_gpus():
    return [torch.device(f"cuda:{i}") for i in range(torch.cuda.device_count())]
