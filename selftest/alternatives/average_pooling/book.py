def average_pooling(y_train, x_test):
    n_test = len(x_test)
    y_hat = torch.repeat_interleave(y_train.mean(), n_test)
    return y_hat
