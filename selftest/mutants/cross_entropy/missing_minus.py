# The learner forgot the minus sign.
# expect: missing minus
def cross_entropy(y_hat, y):
    return torch.log(y_hat[range(len(y_hat)), y])
