# Red team I46: f_grad ignored, the book's gradient (2 x1, 4 x2) written in; the noise as the book draws it.
# expect: lands on average at
def sgd(x1, x2, s1, s2, f_grad):
    g1, g2 = 2 * x1, 4 * x2
    g1 += torch.normal(0.0, 1, (1,)).item()
    g2 += torch.normal(0.0, 1, (1,)).item()
    eta_t = eta * lr()
    return (x1 - eta_t * g1, x2 - eta_t * g2, 0, 0)
