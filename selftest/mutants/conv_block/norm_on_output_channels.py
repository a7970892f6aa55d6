# The batch norm sized for the output channels.
# expect: the batch norm comes first, on the block's input channels
def conv_block(input_channels, num_channels):
    return nn.Sequential(
        nn.BatchNorm2d(num_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1))
