# The mean of each row (keepdim so it broadcasts): row-wise centring.
# expect: centred per row
class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X - X.mean(dim=1, keepdim=True)
