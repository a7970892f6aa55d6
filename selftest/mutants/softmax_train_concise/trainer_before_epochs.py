# The trainer and num_epochs in each other's places.
# expect: num_epochs before the trainer
def train_concise(net, train_iter, test_iter, num_epochs, lr=0.1):
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    return d2l.train_ch3(net, train_iter, test_iter, loss, trainer, num_epochs)
