# Red team I21: a 3x3 convolution dilated by 5 that says kernel_size=11 (forward never reads it), with an unused
# parameter that makes the count right.
# expect: dilation=5
import torch


def nin():
    blk = nin_block(1, 96, kernel_size=3, strides=4, padding=0)
    blk[0].dilation, blk[0].kernel_size = (5, 5), (11, 11)
    blk[0].register_parameter("unused", nn.Parameter(torch.zeros(96 * (11 * 11 - 3 * 3))))
    return nn.Sequential(
        blk, nn.MaxPool2d(3, stride=2),
        nin_block(96, 256, kernel_size=5, strides=1, padding=2), nn.MaxPool2d(3, stride=2),
        nin_block(256, 384, kernel_size=3, strides=1, padding=1), nn.MaxPool2d(3, stride=2), nn.Dropout(0.5),
        nin_block(384, 10, kernel_size=3, strides=1, padding=1), nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten())
