# The mean is taken per column (dim=0), as in batch normalisation, instead of over all entries.
# expect: CenteredLayer per column
class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X - X.mean(dim=0)
