# The bias drawn from N(0, 0.01) as well.
# expect: leave the bias as it is
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)
        nn.init.normal_(m.bias, std=0.01)
