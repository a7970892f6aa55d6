# torch.optim does the work: not allowed in a from-scratch optimizer.
# expect: torch.optim
def sgd_momentum(params, states, hyperparams):
    torch.optim.SGD(params, lr=hyperparams["lr"], momentum=hyperparams["momentum"]).step()
