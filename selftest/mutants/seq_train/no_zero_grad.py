# The gradients are never zeroed.
# expect: gradients piled up
def train(net, train_iter, loss, epochs, lr):
    trainer = torch.optim.Adam(net.parameters(), lr)
    for epoch in range(epochs):
        for X, y in train_iter:
            l = loss(net(X), y)
            l.sum().backward()
            trainer.step()
