# d2l's loop as printed, in a function, with the layer moved to X's device as the stub asks.
def learn_kernel(X, Y, num_epochs=10, lr=3e-2):
    conv2d = nn.Conv2d(1,1, kernel_size=(1, 2), bias=False).to(X.device)
    X = X.reshape((1, 1, X.shape[0], X.shape[1]))
    Y = Y.reshape((1, 1, Y.shape[0], Y.shape[1]))
    for i in range(num_epochs):
        Y_hat = conv2d(X)
        l = (Y_hat - Y) ** 2
        conv2d.zero_grad()
        l.sum().backward()
        conv2d.weight.data[:] -= lr * conv2d.weight.grad
        if (i + 1) % 2 == 0:
            print(f'epoch {i+1}, loss {l.sum():.3f}')
    return conv2d
