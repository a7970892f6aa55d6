# A layer made with NiN's sizes whose weight was swapped afterwards for a smaller one, the count made up by an
# unused parameter: its line still says kernel_size=11.
# expect: but holds weight (96, 1, 3, 3)
import torch


def nin():
    blk = nin_block(1, 96, kernel_size=11, strides=4, padding=0)
    blk[0].weight = nn.Parameter(torch.zeros(96, 1, 3, 3))
    blk[0].register_parameter("unused", nn.Parameter(torch.zeros(96 * (11 * 11 - 3 * 3))))
    return nn.Sequential(
        blk, nn.MaxPool2d(3, stride=2),
        nin_block(96, 256, kernel_size=5, strides=1, padding=2), nn.MaxPool2d(3, stride=2),
        nin_block(256, 384, kernel_size=3, strides=1, padding=1), nn.MaxPool2d(3, stride=2), nn.Dropout(0.5),
        nin_block(384, 10, kernel_size=3, strides=1, padding=1), nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten())
