# SGD with momentum is not d2l's plain SGD.
# expect: plain SGD
def get_trainer(net, lr=0.03):
    return torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
