# Red team I55: a batch norm set to keep no running statistics after it is made: the layer line reads
# BatchNorm2d(n), and the outputs matched in training mode; in eval mode it normalises with mean 0 and variance 1.
# expect: keeps no running statistics
from torch import nn


def conv_block(input_channels, num_channels):
    norm = nn.BatchNorm2d(input_channels)
    norm.track_running_stats = False
    return nn.Sequential(norm, nn.ReLU(), nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1))
