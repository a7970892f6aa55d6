# net.eval without (): the method is looked up and nothing happens.
# expect: call net.eval()
def load_params(net, fname):
    net.load_state_dict(torch.load(fname, weights_only=True))
    net.eval
    return net
