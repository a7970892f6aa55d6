# nn.AvgPool2d(2): the stride defaults to the kernel size.
def transition_block(input_channels, num_channels):
    return nn.Sequential(nn.BatchNorm2d(input_channels), nn.ReLU(inplace=True),
                         nn.Conv2d(input_channels, num_channels, 1), nn.AvgPool2d(2))
