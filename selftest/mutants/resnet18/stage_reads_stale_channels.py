# Stage 3 built for 64 input channels, the count before stage 2 doubled it to 128.
# expect: it reads what resnet_block2, its second Residual outputs, 128 channels
def resnet18(num_classes, in_channels=1):
    """d2l's ResNet-18 (d2l.resnet18): a 3x3 stem without max pooling, for small images such as 28x28."""
    net = nn.Sequential(
        nn.Conv2d(in_channels, 64, kernel_size=3, stride=1, padding=1),
        nn.BatchNorm2d(64), nn.ReLU())
    # the first stage keeps the stem's size (it was just reduced); each later stage halves it
    net.add_module("resnet_block1", nn.Sequential(*resnet_block(64, 64, 2, first_block=True)))
    net.add_module("resnet_block2", nn.Sequential(*resnet_block(64, 128, 2)))
    net.add_module("resnet_block3", nn.Sequential(*resnet_block(64, 256, 2)))
    net.add_module("resnet_block4", nn.Sequential(*resnet_block(256, 512, 2)))
    net.add_module("global_avg_pool", nn.AdaptiveAvgPool2d((1, 1)))
    net.add_module("fc", nn.Sequential(nn.Flatten(), nn.Linear(512, num_classes)))
    return net
