# The learning rate written as a number in the update, as in a first draft.
# expect: a line `lr = 3e-2` inside learn_kernel overrides the argument
def learn_kernel(X, Y, num_epochs=10, lr=3e-2):
    conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False).to(X.device)
    X = X.reshape((1, 1) + X.shape)
    Y = Y.reshape((1, 1) + Y.shape)
    for i in range(num_epochs):
        l = (conv2d(X) - Y) ** 2  # noqa: E741
        conv2d.zero_grad()
        l.sum().backward()
        conv2d.weight.data[:] -= 3e-2 * conv2d.weight.grad
    return conv2d
