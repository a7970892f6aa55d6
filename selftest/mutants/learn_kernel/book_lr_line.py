# The book's `lr = 3e-2  # learning rate` typed in as well: it overrides the argument.
# expect: a line `lr = 3e-2` inside learn_kernel overrides the argument
def learn_kernel(X, Y, num_epochs=10, lr=3e-2):
    conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False).to(X.device)
    X = X.reshape((1, 1) + X.shape)
    Y = Y.reshape((1, 1) + Y.shape)
    lr = 3e-2  # learning rate
    for i in range(num_epochs):
        Y_hat = conv2d(X)
        l = (Y_hat - Y) ** 2  # noqa: E741
        conv2d.zero_grad()
        l.sum().backward()
        conv2d.weight.data[:] -= lr * conv2d.weight.grad
    return conv2d
