# Weight and bias values swapped.
# expect: init_constant swapped them
def init_constant(m):
    if type(m) == nn.Linear:
        nn.init.zeros_(m.weight)
        nn.init.constant_(m.bias, 1)
