# Only the first layer is lazy; the second has its sizes fixed.
# expect: use nn.LazyLinear(out_features)
def lazy_mlp(num_hiddens=256, num_outputs=10):
    return nn.Sequential(nn.LazyLinear(num_hiddens), nn.ReLU(), nn.Linear(num_hiddens, num_outputs))
