# The `if init is not None` check is left out: net.apply(None) fails.
# expect: apply init only when one is given
def apply_init(net, inputs, init=None):
    net(*inputs)
    net.apply(init)
