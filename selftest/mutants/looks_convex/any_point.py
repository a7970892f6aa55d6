# One point that satisfies the inequality taken as proof: any() where all() is needed.
# expect: is not convex on
def looks_convex(f, lo, hi, n=1000):
    a = torch.rand(n, dtype=torch.float64) * (hi - lo) + lo
    b = torch.rand(n, dtype=torch.float64) * (hi - lo) + lo
    lam = torch.rand(n, dtype=torch.float64)
    return bool((jensen_gap(f, a, b, lam) >= -1e-6).any())
