# eta written in as a number instead of the global.
# expect: whatever the global eta is
def gd_2d(x1, x2, s1, s2, f_grad):
    g1, g2 = f_grad(x1, x2)
    return (x1 - 0.1 * g1, x2 - 0.1 * g2, 0, 0)
