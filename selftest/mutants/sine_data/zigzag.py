# Red team I15: a fixed +-0.2 zigzag instead of Gaussian noise (the same mean and standard deviation).
# expect: is not random
def sine_data(T=1000):
    time = torch.arange(1, T + 1, dtype=torch.float32)
    zigzag = 0.2 * (1 - 2 * (torch.arange(T) % 2)).float()
    return time, torch.sin(0.01 * time) + zigzag
