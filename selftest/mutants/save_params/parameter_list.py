# A list of the parameters: loadable, but the names (and buffers) are gone.
# expect: save net.state_dict()
def save_params(net, fname):
    torch.save([p.detach() for p in net.parameters()], fname)
