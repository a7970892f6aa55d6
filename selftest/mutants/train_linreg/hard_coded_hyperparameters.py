# d2l's batch_size 10 and lr 0.03 typed in, ignoring the arguments.
# expect: don't fix it at 10
def train_linreg(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    w = torch.normal(0, 0.01, size=(features.shape[1], 1), requires_grad=True, device=features.device)
    b = torch.zeros(1, requires_grad=True, device=features.device)
    for _ in range(num_epochs):
        for X, y in data_iter(10, features, labels):
            loss = squared_loss(linreg(X, w, b), y)
            loss.sum().backward()
            sgd([w, b], 0.03, 10)
    return w, b
