# ResNet v1's order, convolution first: not DenseNet's block.
# expect: batch norm, ReLU, convolution
def conv_block(input_channels, num_channels):
    return nn.Sequential(
        nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1),
        nn.BatchNorm2d(num_channels), nn.ReLU())
