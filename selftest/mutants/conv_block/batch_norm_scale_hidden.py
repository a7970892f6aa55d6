# Red team I54: batch norm's scale and shift hidden by attributes of the same name (the forward then uses none),
# which matched the reference at their initial values (1 and 0); the test moves them first.
# expect: values differ
from torch import nn


def conv_block(input_channels, num_channels):
    block = nn.Sequential(nn.BatchNorm2d(input_channels), nn.ReLU(),
                          nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1))
    object.__setattr__(block[0], "weight", None)
    object.__setattr__(block[0], "bias", None)
    return block
