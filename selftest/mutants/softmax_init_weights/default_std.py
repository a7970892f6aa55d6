# nn.init.normal_ without std: std 1.
# expect: leaves the std at 1; write std=0.01
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight)
