# A fresh Accumulator for every batch: only the last batch counts.
# expect: that is the last batch's accuracy
def evaluate_accuracy(net, data_iter):
    if isinstance(net, torch.nn.Module):
        net.eval()
    with torch.no_grad():
        for X, y in data_iter:
            metric = Accumulator(2)
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]
