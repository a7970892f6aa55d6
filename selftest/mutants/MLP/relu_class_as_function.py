# nn.ReLU(x) builds a ReLU layer (x taken as its inplace flag); it does not compute relu(x).
# expect: apply the activation, F.relu(x)
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, X):
        return self.out(nn.ReLU(self.hidden(X)))
