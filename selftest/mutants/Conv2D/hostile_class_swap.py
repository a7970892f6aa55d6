# Red team 13: __init__ sets the instance's class back to its own, out of the grader's guarded subclass, so that
# forward's F.conv2d runs unguarded.
# expect: a change to the graded class
from torch.nn import functional as F


class Conv2D(nn.Module):
    def __init__(self, kernel_size):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(kernel_size))
        self.bias = nn.Parameter(torch.zeros(1))
        self.__class__ = Conv2D

    def forward(self, x):
        return F.conv2d(x[None, None], self.weight[None, None])[0, 0] + self.bias
