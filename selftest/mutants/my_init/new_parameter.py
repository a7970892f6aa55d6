# A new Parameter replaces the layer's own: an optimizer built before would not see it.
# expect: my_init replaced layer 0's weight Parameter
import torch


def my_init(m):
    if type(m) == nn.Linear:
        w = torch.empty_like(m.weight).uniform_(-10, 10)
        m.weight = nn.Parameter(w * (w.abs() >= 5))
