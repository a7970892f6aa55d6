# lr() never called: the schedule does not act.
# expect: called lr 0 times
def sgd(x1, x2, s1, s2, f_grad):
    g1, g2 = f_grad(x1, x2)
    g1 += torch.normal(0.0, 1, (1,)).item()
    g2 += torch.normal(0.0, 1, (1,)).item()
    return (x1 - eta * g1, x2 - eta * g2, 0, 0)
