# One draw of noise for both coordinates.
# expect: the same noise
def sgd(x1, x2, s1, s2, f_grad):
    g1, g2 = f_grad(x1, x2)
    noise = torch.normal(0.0, 1, (1,)).item()
    eta_t = eta * lr()
    return (x1 - eta_t * (g1 + noise), x2 - eta_t * (g2 + noise), 0, 0)
