# Keyword arguments, so the order of stride and padding does not matter; the 1x1 layers built in a loop.
def nin_block(in_channels, out_channels, kernel_size, strides, padding):
    layers = [nn.Conv2d(in_channels, out_channels, kernel_size=kernel_size, padding=padding, stride=strides), nn.ReLU()]
    for _ in range(2):
        layers += [nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU()]
    return nn.Sequential(*layers)
