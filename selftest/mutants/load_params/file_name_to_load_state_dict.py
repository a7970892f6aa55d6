# The file name handed to load_state_dict, which takes the dict.
# expect: load the file first
def load_params(net, fname):
    net.load_state_dict(fname)
    net.eval()
    return net
