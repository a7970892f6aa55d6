# The ReLU at the end is forgotten.
# expect: MyLinear without relu
class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units,))

    def forward(self, X):
        return torch.matmul(X, self.weight) + self.bias
