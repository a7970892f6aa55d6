# Red team I15: a uniform distribution scaled to standard deviation 0.01, not N(0, 0.01).
# expect: draw from a normal distribution
def init_normal(m):
    if type(m) == nn.Linear:  # noqa: E721
        a = 0.01 * 3 ** 0.5
        nn.init.uniform_(m.weight, -a, a)
        nn.init.zeros_(m.bias)
