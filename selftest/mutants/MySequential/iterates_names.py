# Iterating the dict self._modules gives its keys, the names '0', '1', ...
# expect: run the blocks themselves, for block in self._modules.values()
class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self._modules[str(idx)] = module

    def forward(self, X):
        for block in self._modules:
            X = block(X)
        return X
