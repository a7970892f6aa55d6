# The number is assigned to m.weight: nn.Module refuses to replace a Parameter with an int.
# expect: fill m.weight in place
def init_42(m):
    if type(m) == nn.Linear:
        m.weight = 42
