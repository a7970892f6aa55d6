# The second Linear maps back to 8 instead of 4.
# expect: block1() should be nn.Sequential(Linear(4, 8)
def block1():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU())
