# std=0.0001, the variance.
# expect: that is the variance
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.0001)
