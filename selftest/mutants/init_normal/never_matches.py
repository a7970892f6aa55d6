# The type is compared with a string: never equal, so nothing is initialised.
# expect: its check never matched a layer
def init_normal(m):
    if type(m) == "Linear":
        nn.init.normal_(m.weight, mean=0, std=0.01)
        nn.init.zeros_(m.bias)
