# d2l's trainer, with the lr argument where the book writes its 0.03 (fixed_lr is the literal copy).
def get_trainer(net, lr=0.03):
    return torch.optim.SGD(net.parameters(), lr=lr)
