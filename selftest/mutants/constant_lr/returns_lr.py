# The schedule returns a learning rate of its own, not the factor 1 that keeps the base rate.
# expect: return 1 every time
def constant_lr():
    return 0.1
