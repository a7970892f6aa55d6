# The module is compared with the class itself: never equal, so nothing is initialised.
# expect: its check never matched an nn.Linear
def init_weights(m):
    if m == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)
