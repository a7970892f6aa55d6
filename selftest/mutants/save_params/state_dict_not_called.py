# net.state_dict without (): the bound method is pickled, and the whole module with it.
# expect: net.state_dict without () saved the method
def save_params(net, fname):
    torch.save(net.state_dict, fname)
