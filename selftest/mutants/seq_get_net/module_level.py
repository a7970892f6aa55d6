# The net built once, at module level: every call returns the same one.
# expect: returned the same layers twice
_NET = nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 1))
nn.init.xavier_uniform_(_NET[0].weight)
nn.init.xavier_uniform_(_NET[2].weight)


def get_net():
    return _NET
