# The whole module is pickled: loading needs its class and code, and weights_only=True refuses it.
# expect: the whole pickled model instead of the state_dict
def save_params(net, fname):
    torch.save(net, fname)
