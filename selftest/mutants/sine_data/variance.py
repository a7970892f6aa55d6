# 0.2 read as the variance: noise of standard deviation 0.04... read the other way, sqrt(0.2).
# expect: second argument is the standard deviation
def sine_data(T=1000):
    time = torch.arange(1, T + 1, dtype=torch.float32)
    return time, torch.sin(0.01 * time) + torch.normal(0, 0.2 ** 0.5, (T,))
