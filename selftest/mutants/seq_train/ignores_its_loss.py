# Red team I46: the loss argument ignored, the book's nn.MSELoss(reduction="none") used whatever the test passed.
# expect: train used nn.MSELoss whatever loss it was given
def train(net, train_iter, loss, epochs, lr):
    trainer = torch.optim.Adam(net.parameters(), lr)
    for _ in range(epochs):
        for X, y in train_iter:
            trainer.zero_grad()
            nn.MSELoss(reduction="none")(net(X), y).sum().backward()
            trainer.step()
