# The layers in a list: no block, nothing runs them in order.
# expect: wrap the layers in nn.Sequential
def block1():
    return [nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU()]
