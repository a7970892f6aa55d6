# s += ... on a rebound name: `s = s + g**2` leaves the caller's s at zero.
# expect: `s = ...` only rebinds
def adagrad(params, states, hyperparams):
    eps = 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s = s + torch.square(p.grad)
            p[:] -= hyperparams["lr"] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()
