# Parameters as a list, everything by keyword.
def get_trainer(net, lr=0.03):
    return torch.optim.SGD(params=list(net.parameters()), lr=lr)
