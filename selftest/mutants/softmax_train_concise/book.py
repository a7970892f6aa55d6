# d2l's code typed in as the book has it: lr=0.1, num_epochs = 10, and nothing returned.
# expect: pass the num_epochs argument on, not the book's 10
def train_concise(net, train_iter, test_iter, num_epochs, lr=0.1):
    loss = nn.CrossEntropyLoss(reduction='none')
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    num_epochs = 10
    d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)
