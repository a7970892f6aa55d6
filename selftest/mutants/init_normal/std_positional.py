# normal_(w, 0.01) sets the MEAN to 0.01 (the second positional argument), std stays 1.
# expect: std by keyword
def init_normal(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, 0.01)
        nn.init.zeros_(m.bias)
