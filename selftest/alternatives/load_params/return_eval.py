# Module.eval() returns the module itself.
def load_params(net, fname):
    net.load_state_dict(torch.load(fname, weights_only=True))
    return net.eval()
