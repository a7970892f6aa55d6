# load_state_dict's return value is a report of the keys, not the net.
# expect: load_state_dict returns a report of missing and unexpected keys
def load_params(net, fname):
    net.eval()
    return net.load_state_dict(torch.load(fname, weights_only=True))
