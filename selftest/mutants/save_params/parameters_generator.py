# net.parameters() is a generator: it cannot be pickled.
# expect: net.parameters() is a generator, which cannot be saved
def save_params(net, fname):
    torch.save(net.parameters(), fname)
