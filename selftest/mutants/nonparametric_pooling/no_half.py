# expect: lacks its / 2
def nonparametric_pooling(x_train, y_train, x_test):
    n_train = len(x_train)
    X_repeat = x_test.repeat_interleave(n_train).reshape((-1, n_train))
    attention_weights = nn.functional.softmax(-(X_repeat - x_train)**2, dim=1)
    return torch.matmul(attention_weights, y_train), attention_weights
