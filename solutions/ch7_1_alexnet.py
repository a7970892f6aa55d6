"""d2l 7.1 Deep convolutional neural networks: AlexNet (深度卷积神经网络（AlexNet）)."""

from torch import nn


def alexnet():
    """d2l's AlexNet for 1-channel 224x224 Fashion-MNIST images and 10 classes (d2l builds it as `net`)."""
    return nn.Sequential(
        # an 11x11 window with stride 4 shrinks 224x224 quickly; far more channels than LeNet
        nn.Conv2d(1, 96, kernel_size=11, stride=4, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        # padding 2 keeps the 5x5 convolution's height and width
        nn.Conv2d(96, 256, kernel_size=5, padding=2), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        # three 3x3 convolutions; no pooling between them
        nn.Conv2d(256, 384, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 384, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 256, kernel_size=3, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Flatten(),
        # 6400 = 256 * 5 * 5, what Flatten gives for a 224x224 input; dropout against overfitting
        nn.Linear(6400, 4096), nn.ReLU(), nn.Dropout(p=0.5),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(p=0.5),
        nn.Linear(4096, 10),
    )  # fmt: skip


def layer_summary(net, X):
    """d2l's shape walk as data: for each top-level layer, (class name, output shape, parameter count)."""
    rows = []
    for layer in net:  # top-level layers only: a VGG block is one row, as d2l prints it
        X = layer(X)  # each layer takes the previous one's output
        rows.append((layer.__class__.__name__, tuple(X.shape), sum(p.numel() for p in layer.parameters())))
    return rows
