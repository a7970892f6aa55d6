# The mistake: the scheduler asked for epoch + 1, as if epochs counted from 1.
# expect: epochs count from 0
def train(net, train_iter, test_iter, num_epochs, loss, trainer, device, scheduler=None):
    net.to(device)
    animator = d2l.Animator(xlabel="epoch", xlim=[0, num_epochs], legend=["train loss", "train acc", "test acc"])
    for epoch in range(num_epochs):
        for X, y in train_iter:
            net.train()
            trainer.zero_grad()
            l = loss(net(X.to(device)), y.to(device))
            l.backward()
            trainer.step()
        animator.add(epoch + 1, (None, None, d2l.evaluate_accuracy_gpu(net, test_iter)))
        if scheduler:
            if scheduler.__module__ == lr_scheduler.__name__:
                scheduler.step()
            else:
                for param_group in trainer.param_groups:
                    param_group["lr"] = scheduler(epoch + 1)
