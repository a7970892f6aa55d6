# abs() forgotten: the large negative weights are zeroed too.
# expect: keep the large weights of either sign
def my_init(m):
    if type(m) == nn.Linear:
        nn.init.uniform_(m.weight, -10, 10)
        m.weight.data *= m.weight.data >= 5
