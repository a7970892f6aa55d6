# The stem's BatchNorm with Keras's eps and momentum: the same layers and parameters, other values.
# expect: eps=0.001, momentum=0.01
def densenet():
    """d2l's DenseNet for 1-channel 96x96 images: ResNet's stem, four dense blocks of 4 convs, growth rate 32."""
    b1 = nn.Sequential(
        nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3),
        nn.BatchNorm2d(64, eps=1e-3, momentum=0.01), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    num_channels, growth_rate = 64, 32  # num_channels: the current number of channels
    num_convs_in_dense_blocks = [4, 4, 4, 4]
    blks = []
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        blks.append(DenseBlock(num_convs, num_channels, growth_rate))
        num_channels += num_convs * growth_rate  # the dense block's output channels
        if i != len(num_convs_in_dense_blocks) - 1:
            # between dense blocks, a transition block halves the channels (and the size)
            blks.append(transition_block(num_channels, num_channels // 2))
            num_channels = num_channels // 2
    return nn.Sequential(
        b1, *blks,
        nn.BatchNorm2d(num_channels), nn.ReLU(),
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
        nn.Linear(num_channels, 10))
