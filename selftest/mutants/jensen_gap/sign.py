# The function minus the chord.
# expect: the sign is reversed
def jensen_gap(f, a, b, lam):
    return f(lam * a + (1 - lam) * b) - (lam * f(a) + (1 - lam) * f(b))
