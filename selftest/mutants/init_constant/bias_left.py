# The bias is left at PyTorch's default instead of 0.
# expect: bias after init_constant
def init_constant(m):
    if type(m) == nn.Linear:
        nn.init.constant_(m.weight, 1)
