# d2l's net, built once at module level: every call hands out the same, already trained layers.
# expect: build a new net on every call
net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
for layer in (net[1], net[3]):  # (not net.apply(init_weights): other mutants of this file replace init_weights)
    nn.init.normal_(layer.weight, std=0.01)


def get_net():
    return net
