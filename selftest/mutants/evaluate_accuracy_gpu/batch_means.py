# The mean of the per-batch accuracies: the small last batch weighs as much as a full one.
# expect: an average of batch means
def evaluate_accuracy_gpu(net, data_iter, device=None):
    if isinstance(net, nn.Module):
        net.eval()
        if not device:
            device = next(iter(net.parameters())).device
    accs = []
    with torch.no_grad():
        for X, y in data_iter:
            X, y = X.to(device), y.to(device)
            accs.append(d2l.accuracy(net(X), y) / y.numel())
    return sum(accs) / len(accs)
