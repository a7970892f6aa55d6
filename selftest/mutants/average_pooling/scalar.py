# expect: one number came back
def average_pooling(y_train, x_test):
    return y_train.mean()
