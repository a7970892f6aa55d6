# The two output sizes swapped.
# expect: has them the other way round
def lazy_mlp(num_hiddens=256, num_outputs=10):
    return nn.Sequential(nn.LazyLinear(num_outputs), nn.ReLU(), nn.LazyLinear(num_hiddens))
