# The learner forgot super().__init__(): nn.Module cannot register the layers.
# expect: call super().__init__() first
class MLP(nn.Module):
    def __init__(self):
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, X):
        return self.out(F.relu(self.hidden(X)))
