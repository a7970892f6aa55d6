# The parameter is rebound, the caller's tensor never moves.
# expect: `p = p - ...` only rebinds
def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        with torch.no_grad():
            v[:] = hyperparams["momentum"] * v + p.grad
            p = p - hyperparams["lr"] * v
        p.grad.data.zero_()
