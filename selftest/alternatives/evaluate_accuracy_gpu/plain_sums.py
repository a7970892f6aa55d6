# Plain sums kept on the device, read once at the end.
def evaluate_accuracy_gpu(net, data_iter, device=None):
    if isinstance(net, nn.Module):
        net.eval()
        device = device or next(net.parameters()).device
    correct, total = 0, 0
    with torch.inference_mode():
        for X, y in data_iter:
            X, y = X.to(device), y.to(device)
            correct += (net(X).argmax(dim=1) == y).sum()
            total += len(y)
    return float(correct) / total
