# The gradients are never zeroed.
# expect: .grad was not zeroed
def sgd(params, states, hyperparams):
    for p in params:
        p.data.sub_(hyperparams["lr"] * p.grad)
