# Each convolution with its ReLU in a Sequential of its own, and MaxPool2d(2) (stride defaults to 2).
def vgg_block(num_convs, in_channels, out_channels):
    convs = [nn.Sequential(nn.Conv2d(in_channels if i == 0 else out_channels, out_channels, 3, padding=1),
                           nn.ReLU(inplace=True)) for i in range(num_convs)]
    return nn.Sequential(*convs, nn.MaxPool2d(2))
