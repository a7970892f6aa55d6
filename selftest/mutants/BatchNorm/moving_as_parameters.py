# The moving averages registered as Parameters: parameters() hands them to the optimizer.
# expect: is an nn.Parameter
class BatchNorm(nn.Module):
    def __init__(self, num_features, num_dims):
        super().__init__()
        shape = (1, num_features) if num_dims == 2 else (1, num_features, 1, 1)
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        self.moving_mean = nn.Parameter(torch.zeros(shape), requires_grad=False)
        self.moving_var = nn.Parameter(torch.ones(shape), requires_grad=False)

    def forward(self, X):
        Y, moving_mean, moving_var = batch_norm(
            X, self.gamma, self.beta, self.moving_mean, self.moving_var, eps=1e-5, momentum=0.9)
        self.moving_mean.data, self.moving_var.data = moving_mean, moving_var
        return Y
