# Red team I46: f_grad ignored, the book's gradient of x1^2 + 2 x2^2, (2 x1, 4 x2), written in.
# expect: values differ
def gd_2d(x1, x2, s1, s2, f_grad):
    return (x1 - eta * 2 * x1, x2 - eta * 4 * x2, 0, 0)
