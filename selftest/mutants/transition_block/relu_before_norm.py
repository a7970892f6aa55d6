# The transition's ReLU placed before its batch norm.
# expect: ReLU comes before batch norm
def transition_block(input_channels, num_channels):
    return nn.Sequential(
        nn.ReLU(), nn.BatchNorm2d(input_channels),
        nn.Conv2d(input_channels, num_channels, kernel_size=1),
        nn.AvgPool2d(kernel_size=2, stride=2))
