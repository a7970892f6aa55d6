# The steps in the wrong order: the mask of the old weights, then a fresh draw over it.
# expect: zero the small weights after drawing them
def my_init(m):
    if type(m) == nn.Linear:
        m.weight.data *= m.weight.data.abs() >= 5
        nn.init.uniform_(m.weight, -10, 10)
