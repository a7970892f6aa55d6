# The block forgets its pool: height and width never shrink.
# expect: the block ends with MaxPool2d
def vgg_block(num_convs, in_channels, out_channels):
    layers = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channels = out_channels
    return nn.Sequential(*layers)
