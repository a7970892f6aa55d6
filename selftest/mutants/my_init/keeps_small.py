# The mask is the wrong way round: the small weights are kept, the large ones zeroed.
# expect: zero the small weights and keep |w| >= 5
def my_init(m):
    if type(m) == nn.Linear:
        nn.init.uniform_(m.weight, -10, 10)
        m.weight.data *= m.weight.data.abs() < 5
