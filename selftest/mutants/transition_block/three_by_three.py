# A 3x3 convolution with padding in the transition.
# expect: the transition's convolution is 1x1
def transition_block(input_channels, num_channels):
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1),
        nn.AvgPool2d(kernel_size=2, stride=2))
