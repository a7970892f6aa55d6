# The mistake: no bias correction.
# expect: no bias correction
def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)
            p[:] -= hyperparams["lr"] * v / (torch.sqrt(s) + eps)
        p.grad.data.zero_()
    hyperparams["t"] += 1
