# The last ReLU is forgotten.
# expect: block1() should be nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 4), ReLU())
def block1():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4))
