# A plain tensor assigned to m.weight: nn.Module refuses to replace a Parameter with a tensor.
# expect: fill m.weight in place
import torch


def init_weights(m):
    if type(m) == nn.Linear:
        m.weight = torch.normal(0, 0.01, m.weight.shape)
