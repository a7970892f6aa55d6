# d2l 8.1's data, as the book prints it at the top level (d2l.arange, d2l.sin, d2l.normal are torch's).
def sine_data(T=1000):
    time = torch.arange(1, T + 1, dtype=torch.float32)
    x = torch.sin(0.01 * time) + torch.normal(0, 0.2, (T,))
    return time, x
