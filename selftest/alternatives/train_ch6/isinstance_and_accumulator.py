# isinstance for the init, d2l.Accumulator for the metrics, one Animator point per epoch.
def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
    net = net.to(device)
    trainer = torch.optim.SGD(net.parameters(), lr)
    loss = nn.CrossEntropyLoss(reduction="none")
    animator = d2l.Animator(xlabel="epoch", xlim=[1, num_epochs], legend=["train loss", "train acc", "test acc"])
    history = []
    for epoch in range(num_epochs):
        net.train()
        metric = d2l.Accumulator(3)
        for X, y in train_iter:
            X = X.to(device)
            y = y.to(device)
            y_hat = net(X)
            l = loss(y_hat, y)
            trainer.zero_grad()
            l.mean().backward()
            trainer.step()
            metric.add(l.detach().sum(), d2l.accuracy(y_hat, y), y.numel())
        row = (metric[0] / metric[2], metric[1] / metric[2], evaluate_accuracy_gpu(net, test_iter))
        animator.add(epoch + 1, row)
        history.append(row)
    return history
