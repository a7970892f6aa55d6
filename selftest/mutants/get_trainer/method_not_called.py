# net.parameters without the call: the method object itself.
# expect: net.parameters() rather than net.parameters
def get_trainer(net, lr=0.03):
    return torch.optim.SGD(net.parameters, lr=lr)
