# Without padding the output is 2 smaller and cannot be concatenated to the input.
# expect: keeps height and width with padding=1
def conv_block(input_channels, num_channels):
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=3))
