# A fixed +1/-1 pattern instead of N(0, 1) noise: right mean and spread, no randomness.
# expect: not a fixed pattern
def sgd(x1, x2, s1, s2, f_grad):
    g1, g2 = f_grad(x1, x2)
    global _k
    _k = globals().get("_k", -1) + 1
    g1 += 1.0 if _k % 2 == 0 else -1.0
    g2 += 1.0 if (_k // 2) % 2 == 0 else -1.0
    eta_t = eta * lr()
    return (x1 - eta_t * g1, x2 - eta_t * g2, 0, 0)
