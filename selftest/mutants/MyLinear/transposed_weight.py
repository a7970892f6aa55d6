# nn.Linear's layout (units, in_units) with X @ weight.T: d2l's MyLinear keeps (in_units, units).
# expect: make weight (in_units, units)
class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(units, in_units))
        self.bias = nn.Parameter(torch.randn(units,))

    def forward(self, X):
        return F.relu(torch.matmul(X, self.weight.T) + self.bias)
