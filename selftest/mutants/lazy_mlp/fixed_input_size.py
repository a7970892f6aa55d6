# The learner fixed the input size as in 4.3 instead of leaving it to the first forward.
# expect: use nn.LazyLinear(out_features)
def lazy_mlp(num_hiddens=256, num_outputs=10):
    return nn.Sequential(nn.Linear(20, num_hiddens), nn.ReLU(), nn.Linear(num_hiddens, num_outputs))
