# t assigned without `global t`: UnboundLocalError.
# expect: without `global t`
def exponential_lr():
    t += 1
    return math.exp(-0.1 * t)
