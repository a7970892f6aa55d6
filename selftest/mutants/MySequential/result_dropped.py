# block(X) is computed but not assigned: X passes through unchanged.
# expect: X = block(X)
class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self._modules[str(idx)] = module

    def forward(self, X):
        for block in self._modules.values():
            block(X)
        return X
