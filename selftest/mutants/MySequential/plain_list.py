# The blocks are kept in a plain Python list: forward works, but nn.Module never sees them.
# expect: plain list
class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        self.blocks = list(args)

    def forward(self, X):
        for block in self.blocks:
            X = block(X)
        return X
