# Only the first layer's parameters.
# expect: pass them all
def get_trainer(net, lr=0.03):
    return torch.optim.SGD(net[0].parameters(), lr=lr)
