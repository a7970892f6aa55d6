# No zero_grad: the gradients pile up.
# expect: zero_grad()
def train_nw(net, x_train, y_train, lr=0.5, num_epochs=5):
    n_train = len(x_train)
    X_tile = x_train.repeat((n_train, 1))
    Y_tile = y_train.repeat((n_train, 1))
    keys = X_tile[(1 - torch.eye(n_train)).type(torch.bool)].reshape((n_train, -1))
    values = Y_tile[(1 - torch.eye(n_train)).type(torch.bool)].reshape((n_train, -1))
    loss = nn.MSELoss(reduction='none')
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    losses = []
    for epoch in range(num_epochs):
        l = loss(net(x_train, keys, values), y_train)  # noqa: E741
        l.sum().backward()
        trainer.step()
        losses.append(float(l.sum()))
    return losses
