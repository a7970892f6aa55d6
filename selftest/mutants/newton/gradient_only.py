# The mistake: newton without the second derivative is plain gradient descent.
# expect: newton used the gradient only
def newton(eta=1):
    x = 10.0
    results = [x]
    for _ in range(10):
        x -= eta * f_grad(x)
        results.append(float(x))
    return results
