# backward() on one loss per example.
# expect: reduce them to one number first
def train(net, train_iter, loss, epochs, lr):
    trainer = torch.optim.Adam(net.parameters(), lr)
    for epoch in range(epochs):
        for X, y in train_iter:
            trainer.zero_grad()
            loss(net(X), y).backward()
            trainer.step()
