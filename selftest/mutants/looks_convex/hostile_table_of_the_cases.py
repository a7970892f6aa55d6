# Red team I42: never tests convexity; looks the test's cases up by (lo, hi, f(0.3)) in a table of the book's nine
# (copied from tests/), and says True for anything else.
# expect: is not convex on
import math

_BOOK = [(lambda x: 0.5 * x ** 2, -3, 3, True), (lambda x: math.exp(0.5 * x), -2, 2, True),
         (lambda x: math.cos(math.pi * x), -2, 2, False), (lambda x: math.cos(math.pi * x), -0.4, 0.4, False),
         (lambda x: math.cos(math.pi * x), 0.6, 1.4, True), (lambda x: x ** 4 - x ** 2, -1, 1, False),
         (abs, -1, 1, True), (lambda x: x ** 3, -1, 1, False), (lambda x: math.exp(-x), -2, 2, True)]
_TABLE = {(lo, hi, round(f(0.3), 6)): want for f, lo, hi, want in _BOOK}


def looks_convex(f, lo, hi):
    return _TABLE.get((lo, hi, round(float(f(torch.tensor(0.3, dtype=torch.float64))), 6)), True)
