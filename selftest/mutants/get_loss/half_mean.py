# Carries 3.2's / 2 over to the concise loss.
# expect: no / 2
def get_loss():
    return lambda y_hat, y: ((y_hat - y) ** 2 / 2).mean()
