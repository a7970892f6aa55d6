# nn.Conv2d's default bias=True: a bias is learned too.
# expect: conv2d has a bias
def learn_kernel(X, Y, num_epochs=10, lr=3e-2):
    conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2)).to(X.device)
    X = X.reshape((1, 1) + X.shape)
    Y = Y.reshape((1, 1) + Y.shape)
    for _ in range(num_epochs):
        l = (conv2d(X) - Y) ** 2
        conv2d.zero_grad()
        l.sum().backward()
        conv2d.weight.data[:] -= lr * conv2d.weight.grad
    return conv2d
