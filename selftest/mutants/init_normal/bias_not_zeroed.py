# The weight is drawn, the bias forgotten.
# expect: zero the bias too
def init_normal(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, mean=0, std=0.01)
