# Builds the optimizer over a new net's parameters (as with get_net().parameters()), not the net it was given.
# (A new nn.Sequential rather than get_net(), so that this mutant does not depend on get_net's mutants.)
# expect: none of net's parameters
def get_trainer(net, lr=0.03):
    return torch.optim.SGD(nn.Sequential(nn.Linear(2, 1)).parameters(), lr=lr)
