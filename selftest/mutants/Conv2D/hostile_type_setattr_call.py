# Red team 13: type.__setattr__ past the graded class's own __setattr__ puts nn.Module's __call__ back on it.
# expect: a change to the graded class
from torch.nn import functional as F


class Conv2D(nn.Module):
    def __init__(self, kernel_size):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(kernel_size))
        self.bias = nn.Parameter(torch.zeros(1))
        type.__setattr__(type(self), "__call__", nn.Module.__call__)
        type.__setattr__(type(self), "forward", Conv2D.forward)

    def forward(self, x):
        return F.conv2d(x[None, None], self.weight[None, None])[0, 0] + self.bias
