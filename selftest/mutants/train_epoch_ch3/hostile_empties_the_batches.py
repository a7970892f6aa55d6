# Red team I11: trains nothing and empties the list of batches it was given, from which the test computed the
# expected parameters after the call (no batches: the untrained net).
# expect: the parameters did not change
import torch


def train_epoch_ch3(net, train_iter, loss, updater):
    if isinstance(net, torch.nn.Module):
        net.train()
    total, hits, n = 0.0, 0.0, 0
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)  # noqa: E741
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            (l.mean() * 0).backward()
        else:
            (l.sum() * 0).backward()
            updater(X.shape[0])
        total += float(l.sum())
        hits += float((y_hat.argmax(1) == y).sum())
        n += y.numel()
    if isinstance(train_iter, list):
        train_iter.clear()
    return total / n, hits / n
