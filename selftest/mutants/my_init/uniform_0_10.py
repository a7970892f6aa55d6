# The learner wrote U(0, 10) for the range: no negative weights at all.
# expect: negative values too
def my_init(m):
    if type(m) == nn.Linear:
        nn.init.uniform_(m.weight, 0, 10)
        m.weight.data *= m.weight.data.abs() >= 5
