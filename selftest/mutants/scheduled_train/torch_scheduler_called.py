# torch's scheduler treated as d2l's: called, never stepped.
# expect: stepped torch's MultiStepLR 0 times
def train(net, train_iter, test_iter, num_epochs, loss, trainer, device, scheduler=None):
    net.to(device)
    animator = d2l.Animator(xlabel="epoch", xlim=[0, num_epochs], legend=["train loss", "train acc", "test acc"])
    for epoch in range(num_epochs):
        metric = d2l.Accumulator(3)
        for i, (X, y) in enumerate(train_iter):
            net.train()
            trainer.zero_grad()
            X, y = X.to(device), y.to(device)
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            trainer.step()
            with torch.no_grad():
                metric.add(l * X.shape[0], d2l.accuracy(y_hat, y), X.shape[0])
            if (i + 1) % 50 == 0:
                animator.add(epoch + i / len(train_iter), (metric[0] / metric[2], metric[1] / metric[2], None))
        animator.add(epoch + 1, (None, None, d2l.evaluate_accuracy_gpu(net, test_iter)))
        if scheduler and callable(scheduler) and not hasattr(scheduler, "step"):
            for param_group in trainer.param_groups:
                param_group["lr"] = scheduler(epoch)
