# The class nn.CrossEntropyLoss, not an instance.
# expect: pass an instance
def train_concise(net, train_iter, test_iter, num_epochs, lr=0.1):
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    return d2l.train_ch3(net, train_iter, test_iter, nn.CrossEntropyLoss, num_epochs, trainer)
