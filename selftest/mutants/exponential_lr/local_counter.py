# A local copy of t advanced and forgotten: the global never moves.
# expect: the global t is still
def exponential_lr():
    s = t
    s += 1
    return math.exp(-0.1 * s)
