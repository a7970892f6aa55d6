# An __init__ that does nothing, not even super().__init__(): nn.Module's registries never exist.
# expect: must call super().__init__() first
class CenteredLayer(nn.Module):
    def __init__(self):
        pass

    def forward(self, X):
        return X - X.mean()
