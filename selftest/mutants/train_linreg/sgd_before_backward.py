# The update before the backward: the first sgd finds no gradient.
# expect: before sgd([w, b], lr, batch_size)
def train_linreg(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    w = torch.normal(0, 0.01, size=(features.shape[1], 1), requires_grad=True, device=features.device)
    b = torch.zeros(1, requires_grad=True, device=features.device)
    for _ in range(num_epochs):
        for X, y in data_iter(batch_size, features, labels):
            loss = squared_loss(linreg(X, w, b), y)
            sgd([w, b], lr, batch_size)
            loss.sum().backward()
    return w, b
