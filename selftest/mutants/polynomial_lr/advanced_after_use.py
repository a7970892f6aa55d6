# The rate of t computed before advancing it: one step behind the book.
# expect: the rate of t before advancing it
def polynomial_lr():
    global t
    rate = (1 + 0.1 * t) ** (-0.5)
    t += 1
    return rate
