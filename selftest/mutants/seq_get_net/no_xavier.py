# PyTorch's default initialisation is kept.
# expect: xavier_uniform_
def get_net():
    return nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 1))
