# Ignores the lr argument.
# expect: use the lr argument
def get_trainer(net, lr=0.03):
    return torch.optim.SGD(net.parameters(), lr=0.03)
