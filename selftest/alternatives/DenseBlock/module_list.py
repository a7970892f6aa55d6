# nn.ModuleList and torch.concat: same layers, same parameter names.
class DenseBlock(nn.Module):
    def __init__(self, num_convs, input_channels, num_channels):
        super().__init__()
        layer = []
        for i in range(num_convs):
            layer.append(conv_block(num_channels * i + input_channels, num_channels))
        self.net = nn.ModuleList(layer)

    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            X = torch.concat([X, Y], 1)
        return X
