# The parameter is rebound, the caller's tensor never moves.
# expect: `p = p - ...` only rebinds
def sgd(params, states, hyperparams):
    for p in params:
        with torch.no_grad():
            p = p - hyperparams["lr"] * p.grad
        p.grad.data.zero_()
