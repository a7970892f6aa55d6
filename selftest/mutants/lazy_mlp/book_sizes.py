# d2l's net as printed: 256 and 10, whatever the arguments say.
# expect: built d2l's 256 and 10
def lazy_mlp(num_hiddens=256, num_outputs=10):
    return nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
