# The learner hard-coded d2l's lr instead of using the argument.
# expect: expected the lr argument
def train_concise(net, train_iter, test_iter, num_epochs, lr=0.1):
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    return d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)
