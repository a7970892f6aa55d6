# d2l's file name typed in: the parameters land in 'mlp.params', not at fname.
# expect: save to the file named by the argument fname
def save_params(net, fname):
    torch.save(net.state_dict(), 'mlp.params')
