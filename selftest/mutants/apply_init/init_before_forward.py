# init is applied while the layers are still lazy, and the forward comes after: init never takes.
# expect: apply init after the first forward
def apply_init(net, inputs, init=None):
    if init is not None:
        net.apply(init)
    net(*inputs)
