# A BatchNorm that hands the work to nn.BatchNorm2d/1d.
# expect: nn.BatchNorm
class BatchNorm(nn.Module):
    def __init__(self, num_features, num_dims):
        super().__init__()
        shape = (1, num_features) if num_dims == 2 else (1, num_features, 1, 1)
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        self.register_buffer("moving_mean", torch.zeros(shape))
        self.register_buffer("moving_var", torch.ones(shape))
        self.bn = (nn.BatchNorm1d if num_dims == 2 else nn.BatchNorm2d)(num_features, momentum=0.1, affine=False)

    def forward(self, X):
        self.bn.train(torch.is_grad_enabled())
        Y = self.bn(X)
        self.moving_mean.copy_(self.bn.running_mean.reshape(self.moving_mean.shape))
        self.moving_var.copy_(self.bn.running_var.reshape(self.moving_var.shape))
        return self.gamma * Y + self.beta
