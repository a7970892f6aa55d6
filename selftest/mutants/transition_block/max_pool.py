# Max pooling in the transition.
# expect: DenseNet's transition averages
def transition_block(input_channels, num_channels):
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=1),
        nn.MaxPool2d(kernel_size=2, stride=2))
