# ReLU first, then batch norm, then the convolution.
# expect: ReLU comes before batch norm
def conv_block(input_channels, num_channels):
    return nn.Sequential(
        nn.ReLU(), nn.BatchNorm2d(input_channels),
        nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1))
