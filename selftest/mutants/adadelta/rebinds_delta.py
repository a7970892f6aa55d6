# delta rebound: the caller's delta stays zero.
# expect: the state delta of params[0]
def adadelta(params, states, hyperparams):
    rho, eps = hyperparams["rho"], 1e-5
    for p, (s, delta) in zip(params, states):
        with torch.no_grad():
            s[:] = rho * s + (1 - rho) * torch.square(p.grad)
            g = (torch.sqrt(delta + eps) / torch.sqrt(s + eps)) * p.grad
            p[:] -= g
            delta = rho * delta + (1 - rho) * g * g
        p.grad.data.zero_()
