# The sine without its noise.
# expect: add torch.normal(0, 0.2, (T,))
def sine_data(T=1000):
    time = torch.arange(1, T + 1, dtype=torch.float32)
    return time, torch.sin(0.01 * time)
