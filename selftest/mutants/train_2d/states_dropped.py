# The states trainer returns are dropped: every step restarts them at 0.
# expect: did not hand trainer's states s1, s2 back
def train_2d(trainer, steps=20, f_grad=None):
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for _ in range(steps):
        if f_grad:
            x1, x2, _, _ = trainer(x1, x2, s1, s2, f_grad)
        else:
            x1, x2, _, _ = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    return results
