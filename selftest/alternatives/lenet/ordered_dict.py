# LeNet from an OrderedDict of named layers: the same layers in the same order, with names of one's own.
from collections import OrderedDict


def lenet():
    return nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(1, 6, kernel_size=5, padding=2)), ("sig1", nn.Sigmoid()),
        ("pool1", nn.AvgPool2d(kernel_size=2, stride=2)),
        ("conv2", nn.Conv2d(6, 16, kernel_size=5)), ("sig2", nn.Sigmoid()),
        ("pool2", nn.AvgPool2d(kernel_size=2, stride=2)), ("flatten", nn.Flatten()),
        ("fc1", nn.Linear(16 * 5 * 5, 120)), ("sig3", nn.Sigmoid()),
        ("fc2", nn.Linear(120, 84)), ("sig4", nn.Sigmoid()),
        ("fc3", nn.Linear(84, 10)),
    ]))
