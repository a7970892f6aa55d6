# No type check: apply reaches ReLU and Sequential too.
# expect: act only when type(m) == nn.Linear
def init_constant(m):
    nn.init.constant_(m.weight, 1)
    nn.init.zeros_(m.bias)
