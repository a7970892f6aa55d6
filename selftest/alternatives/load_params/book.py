# d2l's clone lines with net for clone (torch.load's default is weights_only=True since PyTorch 2.6).
def load_params(net, fname):
    net.load_state_dict(torch.load(fname))
    net.eval()
    return net
