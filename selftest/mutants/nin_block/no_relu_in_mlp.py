# The 1x1 convolutions without ReLU: three linear maps in a row are one.
# expect: a ReLU follows each of the three convolutions
def nin_block(in_channels, out_channels, kernel_size, strides, padding):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding), nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1),
        nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU())
