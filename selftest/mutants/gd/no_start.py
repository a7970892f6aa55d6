# The start is left out of the results.
# expect: returned list of 10 values
def gd(eta, f_grad):
    x = 10.0
    results = []
    for _ in range(10):
        x -= eta * f_grad(x)
        results.append(float(x))
    return results
