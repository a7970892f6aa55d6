# d2l's w and b are made on the CPU: with the data on a GPU, linreg mixes devices (caught on simgpu too).
# expect: created w or b on the CPU
def train_linreg(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    w = torch.normal(0, 0.01, size=(features.shape[1], 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    for _ in range(num_epochs):
        for X, y in data_iter(batch_size, features, labels):
            loss = squared_loss(linreg(X, w, b), y)
            loss.sum().backward()
            sgd([w, b], lr, batch_size)
    return w, b
