# MaxPool2d(2, 1): overlapping windows shrink the size by one instead of halving it.
# expect: the pool is MaxPool2d(kernel_size=2, stride=2)
def vgg_block(num_convs, in_channels, out_channels):
    layers = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=2, stride=1))
    return nn.Sequential(*layers)
