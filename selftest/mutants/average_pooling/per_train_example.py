# expect: one per query
def average_pooling(y_train, x_test):
    return torch.repeat_interleave(y_train.mean(), len(y_train))
