# super().__init__() is forgotten: the first Parameter cannot be registered.
# expect: must call super().__init__() first
class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units,))

    def forward(self, X):
        return F.relu(torch.matmul(X, self.weight) + self.bias)
