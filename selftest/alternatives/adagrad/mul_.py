# In-place methods instead of slice assignment: the same memory, the same numbers.
def adagrad(params, states, hyperparams):
    with torch.no_grad():
        for p, s in zip(params, states):
            s.add_(p.grad ** 2)
            p.sub_(hyperparams['lr'] * p.grad / (s + 1e-6).sqrt())
            p.grad.zero_()
