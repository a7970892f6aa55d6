# The loaded dict is returned; net never receives it.
# expect: load_params returned the state_dict itself
def load_params(net, fname):
    net.eval()
    return torch.load(fname, weights_only=True)
