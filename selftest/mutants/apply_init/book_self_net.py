# d2l's method typed as a function: self.net.apply(init) became net.net.apply(init).
# expect: apply init to the network itself
def apply_init(net, inputs, init=None):
    net.forward(*inputs)
    if init is not None:
        net.net.apply(init)
