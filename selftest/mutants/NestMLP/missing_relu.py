# The last ReLU of the inner Sequential is dropped.
# expect: make NestMLP().net nn.Sequential(Linear(20, 64), ReLU(), Linear(64, 32), ReLU()): it is [
class NestMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32))
        self.linear = nn.Linear(32, 16)

    def forward(self, X):
        return self.linear(self.net(X))
