# Plain tensors (even with requires_grad) are not registered: parameters() is empty.
# expect: MyLinear with plain tensors
class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = torch.randn(in_units, units, requires_grad=True)
        self.bias = torch.randn(units, requires_grad=True)

    def forward(self, X):
        return F.relu(torch.matmul(X, self.weight) + self.bias)
