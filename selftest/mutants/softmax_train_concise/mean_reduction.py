# nn.CrossEntropyLoss() averages: train_ch3 then reports a per-batch mean as a sum.
# expect: reduction='none'
def train_concise(net, train_iter, test_iter, num_epochs, lr=0.1):
    loss = nn.CrossEntropyLoss()
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    return d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)
