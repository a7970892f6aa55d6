# torch.optim's eps placement, not d2l's: differs when gradients are tiny.
# expect: eps sits outside the square root
def adagrad(params, states, hyperparams):
    eps = 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] += torch.square(p.grad)
            p[:] -= hyperparams["lr"] * p.grad / (torch.sqrt(s) + eps)
        p.grad.data.zero_()
