# A leaky average of gradients instead of d2l's momentum.
# expect: leaky average (dampening)
def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        with torch.no_grad():
            v[:] = hyperparams["momentum"] * v + (1 - hyperparams["momentum"]) * p.grad
            p[:] -= hyperparams["lr"] * v
        p.grad.data.zero_()
