# forward misspelt: nn.Module's own forward placeholder raises NotImplementedError, which looks like "not started".
# expect: defines no forward method
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def foward(self, X):
        return self.out(F.relu(self.hidden(X)))
