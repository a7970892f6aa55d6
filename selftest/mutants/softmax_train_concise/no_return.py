# Trains but returns nothing.
# expect: return what d2l.train_ch3 returns
def train_concise(net, train_iter, test_iter, num_epochs, lr=0.1):
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)
