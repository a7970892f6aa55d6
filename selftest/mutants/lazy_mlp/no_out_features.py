# LazyLinear() without its output size: only the input size is deferred.
# expect: give each LazyLinear its output size
def lazy_mlp(num_hiddens=256, num_outputs=10):
    return nn.Sequential(nn.LazyLinear(), nn.ReLU(), nn.LazyLinear())
