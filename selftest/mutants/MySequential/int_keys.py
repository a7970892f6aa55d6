# The blocks are registered under int keys: nn.Module builds names like '0.weight' from strings.
# expect: register each block under a string name
class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self._modules[idx] = module

    def forward(self, X):
        for block in self._modules.values():
            X = block(X)
        return X
