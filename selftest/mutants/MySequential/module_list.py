# nn.ModuleList registers the blocks, but under 'blocks.0', ...: the keys differ from nn.Sequential's '0.weight'.
# expect: register block idx under the name str(idx)
class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        self.blocks = nn.ModuleList(args)

    def forward(self, X):
        for block in self.blocks:
            X = block(X)
        return X
