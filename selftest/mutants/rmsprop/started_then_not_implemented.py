# Red team I41: a wrong update left the stub's raise at its end, and was recorded as "not started" (a failure out of
# the class's record).
# expect: raised NotImplementedError
def rmsprop(params, states, hyperparams):
    gamma, eps = hyperparams["gamma"], 1e-6
    for p, s in zip(params, states, strict=True):
        with torch.no_grad():
            s[:] = gamma * s + (1 - gamma) * p.grad
            p[:] -= hyperparams["lr"] * p.grad / torch.sqrt(s.abs() + eps)
        p.grad.data.zero_()
    raise NotImplementedError
