# Without the type check, net.apply also calls it on ReLU and Sequential, which have no weight.
# expect: act only when type(m) == nn.Linear
def init_normal(m):
    nn.init.normal_(m.weight, mean=0, std=0.01)
    nn.init.zeros_(m.bias)
