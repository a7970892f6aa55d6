# No type check: net.apply also calls it on Flatten and ReLU, which have no weight.
# expect: act only when type(m) == nn.Linear
def init_weights(m):
    nn.init.normal_(m.weight, std=0.01)
