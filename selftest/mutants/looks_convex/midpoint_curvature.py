# Red team I43: the curvature at the midpoint alone (one second difference there), no Jensen check over [lo, hi]:
# right on every parabola and on the book's nine, wrong where a function bends both ways.
# expect: is not convex on
def looks_convex(f, lo, hi, n=1000):
    m, h = (lo + hi) / 2, 1e-3
    y = f(torch.tensor([m - h, m, m + h], dtype=torch.float64))
    return bool(y[0] + y[2] - 2 * y[1] > 0)
