# The chapter's stem for 96x96 images (7x7, stride 2, max pool) in d2l.resnet18.
# expect: that is the chapter's stem
def resnet18(num_classes, in_channels=1):
    net = nn.Sequential(
        nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3),
        nn.BatchNorm2d(64), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    net.add_module("resnet_block1", nn.Sequential(*resnet_block(64, 64, 2, first_block=True)))
    net.add_module("resnet_block2", nn.Sequential(*resnet_block(64, 128, 2)))
    net.add_module("resnet_block3", nn.Sequential(*resnet_block(128, 256, 2)))
    net.add_module("resnet_block4", nn.Sequential(*resnet_block(256, 512, 2)))
    net.add_module("global_avg_pool", nn.AdaptiveAvgPool2d((1, 1)))
    net.add_module("fc", nn.Sequential(nn.Flatten(), nn.Linear(512, num_classes)))
    return net
