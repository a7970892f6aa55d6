# Uniform noise scaled to standard deviation 0.2, not a normal distribution.
# expect: from a normal distribution
def sine_data(T=1000):
    time = torch.arange(1, T + 1, dtype=torch.float32)
    a = 0.2 * 3 ** 0.5
    return time, torch.sin(0.01 * time) + torch.empty(T).uniform_(-a, a)
