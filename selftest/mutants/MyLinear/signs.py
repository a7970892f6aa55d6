# Red team I46: +-1 with random signs instead of torch.randn: the right range and spread.
# expect: distinct values
class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randint(0, 2, (in_units, units)).float() * 2 - 1)
        self.bias = nn.Parameter(torch.randn(units,))

    def forward(self, X):
        return F.relu(torch.matmul(X, self.weight) + self.bias)
