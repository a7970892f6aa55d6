# Up the gradient.
# expect: x went up the gradient
def gd(eta, f_grad):
    x = 10.0
    results = [x]
    for _ in range(10):
        x += eta * f_grad(x)
        results.append(float(x))
    return results
