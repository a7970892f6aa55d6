# The other convention: v holds lr times d2l's velocity (same steps for a fixed lr, another state).
# expect: the other convention
def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        with torch.no_grad():
            v[:] = hyperparams["momentum"] * v + hyperparams["lr"] * p.grad
            p[:] -= v
        p.grad.data.zero_()
