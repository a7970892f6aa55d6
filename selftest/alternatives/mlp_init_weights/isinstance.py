# isinstance instead of d2l's type(m) == nn.Linear, and mean and std given positionally.
def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, 0, 0.01)
