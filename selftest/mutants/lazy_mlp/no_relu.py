# The activation is left out.
# expect: 3 modules (LazyLinear, ReLU, LazyLinear)
def lazy_mlp(num_hiddens=256, num_outputs=10):
    return nn.Sequential(nn.LazyLinear(num_hiddens), nn.LazyLinear(num_outputs))
