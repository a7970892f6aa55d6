# Two Linear layers back to back: the ReLU between them is missing, so the MLP is linear.
# expect: the ReLU between hidden and out is missing
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, X):
        return self.out(self.hidden(X))
