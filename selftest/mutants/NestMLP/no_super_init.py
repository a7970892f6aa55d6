# super().__init__() is forgotten: the first layer cannot be registered.
# expect: must call super().__init__() first
class NestMLP(nn.Module):
    def __init__(self):
        self.net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.linear = nn.Linear(32, 16)

    def forward(self, X):
        return self.linear(self.net(X))
