# The layers are made in forward: new random weights on every call, and none registered.
# expect: create the layer once in __init__, self.hidden
class MLP(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return nn.Linear(256, 10)(F.relu(nn.Linear(20, 256)(X)))
