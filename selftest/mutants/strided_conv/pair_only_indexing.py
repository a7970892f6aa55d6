# Written for a pair only, by indexing: an int kernel_size is not subscriptable.
# expect: kernel_size may be an int
def strided_conv(kernel_size, stride):
    return nn.Conv2d(1, 1, kernel_size=kernel_size, padding=(kernel_size[0] // 2, kernel_size[1] // 2), stride=stride)
