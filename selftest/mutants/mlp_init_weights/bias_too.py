# The bias is drawn from N(0, 0.01) too; d2l initialises the weight only.
# expect: init_weights changed a bias
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)
        nn.init.normal_(m.bias, std=0.01)
