# d2l's Module.apply_init as a function: self.forward(*inputs), then apply init (self.net is the net here).
def apply_init(net, inputs, init=None):
    net.forward(*inputs)
    if init is not None:
        net.apply(init)
