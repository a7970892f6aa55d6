# sin(time): the 0.01 is forgotten.
# expect: the signal is torch.sin(0.01 * time)
def sine_data(T=1000):
    time = torch.arange(1, T + 1, dtype=torch.float32)
    return time, torch.sin(time) + torch.normal(0, 0.2, (T,))
