# SGD instead of the book's Adam.
# expect: trains with Adam
def train(net, train_iter, loss, epochs, lr):
    trainer = torch.optim.SGD(net.parameters(), lr)
    for epoch in range(epochs):
        for X, y in train_iter:
            trainer.zero_grad()
            loss(net(X), y).sum().backward()
            trainer.step()
