# time = 0..T-1.
# expect: time runs from 1 to T
def sine_data(T=1000):
    time = torch.arange(T, dtype=torch.float32)
    return time, torch.sin(0.01 * time) + torch.normal(0, 0.2, (T,))
