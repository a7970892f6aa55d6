# d2l's loss, trainer and call, with the arguments where the book writes 0.1 and 10, returning the history.
def train_concise(net, train_iter, test_iter, num_epochs, lr=0.1):
    loss = nn.CrossEntropyLoss(reduction='none')
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    return d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)
