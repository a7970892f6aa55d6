# The values are loaded but the clone stays in training mode: Dropout keeps dropping.
# expect: call net.eval()
def load_params(net, fname):
    net.load_state_dict(torch.load(fname, weights_only=True))
    return net
