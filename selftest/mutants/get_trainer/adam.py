# Another optimizer than d2l's.
# expect: torch.optim.SGD
def get_trainer(net, lr=0.03):
    return torch.optim.Adam(net.parameters(), lr=lr)
