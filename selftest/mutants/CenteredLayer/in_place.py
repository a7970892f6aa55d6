# The input is centred in place: the caller's X changes.
# expect: changed its input X in place
class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        X -= X.mean()
        return X
