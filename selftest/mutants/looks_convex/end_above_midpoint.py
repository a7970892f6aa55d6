# No convexity test at all: f(hi) above f at the midpoint taken for convexity.
# expect: instead of comparing f(hi) with f((lo + hi) / 2)
def looks_convex(f, lo, hi, n=1000):
    return bool(f(torch.tensor(float(hi))) > f(torch.tensor((lo + hi) / 2.0)))
