"""d2l 6.6 Convolutional neural networks (LeNet) (卷积神经网络（LeNet）)."""

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch3_6_softmax_scratch.py", "ch3_2_linear_regression_scratch.py")


def lenet():
    """LeNet-5 as in d2l: two sigmoid convolution blocks with average pooling, then three dense layers."""
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),  # padding 2: 28 x 28 stays 28 x 28
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),  # (batch, 16, 5, 5) -> (batch, 400) for the dense layers
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))


def layer_shapes(net, X):
    """Feed X through net layer by layer: [(layer class name, output shape)], what d2l prints."""
    shapes = []
    for layer in net:
        X = layer(X)  # each layer's output is the next one's input
        shapes.append((layer.__class__.__name__, tuple(X.shape)))
    return shapes


def evaluate_accuracy_gpu(net, data_iter, device=None):
    """The accuracy of net on data_iter, computed on device (by default the device of net's parameters)."""
    if isinstance(net, nn.Module):
        net.eval()  # evaluation mode
        if not device:
            device = next(iter(net.parameters())).device
    metric = d2l.Accumulator(2)  # correct predictions, predictions
    with torch.no_grad():
        for X, y in data_iter:
            X, y = X.to(device), y.to(device)
            metric.add(d2l.accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    """Train net on device with SGD (d2l 6.6); return the history [(train_loss, train_acc, test_acc), ...].

    As in d2l, with two changes for speed: the loss and accuracy sums stay on the device, so the
    CPU never waits for the GPU inside an epoch (d2l.Accumulator's float() would, every batch),
    and the Animator draws once per epoch (each add saves a figure, which takes longer than an
    epoch of LeNet on a GPU).
    """

    def init_weights(m):
        if type(m) == nn.Linear or type(m) == nn.Conv2d:  # noqa: E721 (d2l's test: exactly these two)
            nn.init.xavier_uniform_(m.weight)

    net.apply(init_weights)
    print("training on", device)
    net.to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    animator = d2l.Animator(xlabel="epoch", xlim=[1, num_epochs], legend=["train loss", "train acc", "test acc"])
    timer = d2l.Timer()
    history = []
    for epoch in range(num_epochs):
        metric, n = torch.zeros(2, device=device), 0  # sum of training loss, correct predictions; examples
        net.train()
        timer.start()
        for X, y in train_iter:
            optimizer.zero_grad()
            X, y = X.to(device), y.to(device)
            y_hat = net(X)
            l = loss(y_hat, y)  # noqa: E741 (d2l's name)
            l.backward()
            optimizer.step()
            with torch.no_grad():
                metric += torch.stack((l * X.shape[0], (y_hat.argmax(dim=1) == y).sum()))
            n += X.shape[0]
        train_l, train_acc = (metric / n).tolist()  # the one wait for the GPU in this epoch
        timer.stop()
        test_acc = evaluate_accuracy_gpu(net, test_iter)
        animator.add(epoch + 1, (train_l, train_acc, test_acc))
        history.append((train_l, train_acc, test_acc))
    print(f"loss {train_l:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}")
    print(f"{n * num_epochs / timer.sum():.1f} examples/sec on {device}")
    return history
