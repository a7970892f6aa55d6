# The first mistake: the velocity is rebound, so the caller's state stays zero between steps.
# expect: is unchanged: `v = ...` only rebinds
def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        with torch.no_grad():
            v = hyperparams["momentum"] * v + p.grad
            p[:] -= hyperparams["lr"] * v
        p.grad.data.zero_()
