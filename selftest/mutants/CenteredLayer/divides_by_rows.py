# The mean computed by hand with len(X), the number of rows, instead of the number of entries.
# expect: X.sum() / len(X) divides by the number of rows
class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X - X.sum() / len(X)
