# kernel_size passed to every convolution: the "1x1" layers shrink the image.
# expect: the second and third convolutions are 1x1
def nin_block(in_channels, out_channels, kernel_size, strides, padding):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding), nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size), nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size), nn.ReLU())
