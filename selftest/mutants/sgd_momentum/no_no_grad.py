# In-place updates of a leaf that requires grad while autograd records.
# expect: torch.no_grad
def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        v[:] = hyperparams["momentum"] * v + p.grad
        p[:] -= hyperparams["lr"] * v
        p.grad.data.zero_()
