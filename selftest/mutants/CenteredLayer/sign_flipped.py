# The subtraction the wrong way round.
# expect: not X.mean() - X
class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X.mean() - X
