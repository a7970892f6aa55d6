# weights_only=False: a file holding pickled classes is loaded (and could run code).
# expect: loaded a pickled object
def load_params(net, fname):
    net.load_state_dict(torch.load(fname, weights_only=False))
    net.eval()
    return net
