# The tuple of inputs passed as one argument.
# expect: unpack the inputs, net(*inputs)
def apply_init(net, inputs, init=None):
    net(inputs)
    if init is not None:
        net.apply(init)
