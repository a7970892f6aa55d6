# Red team 61's lookup route, for a class: __init_subclass__ runs when the grader wraps the class in a guarded
# subclass, which happened before any guard; now the wrapping is guarded.
# expect: called F.conv2d
import torch.nn.functional as F

_Book = Conv2D


class Conv2D(_Book):
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        F.conv2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 1, 1))  # stands for the answers it would compute
