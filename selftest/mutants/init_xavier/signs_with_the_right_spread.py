# Red team I46: +-bound/sqrt(3) with random signs: Xavier's range and spread exactly, no uniform distribution.
# expect: distinct values
import math

import torch

def init_xavier(m):
    if type(m) == nn.Linear:
        bound = math.sqrt(6 / (m.in_features + m.out_features))
        with torch.no_grad():
            m.weight.copy_((torch.randint(0, 2, m.weight.shape) * 2 - 1).float() * bound / math.sqrt(3))
