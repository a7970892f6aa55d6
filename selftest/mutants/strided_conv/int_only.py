# Written for an int kernel_size only: k // 2 on a pair fails.
# expect: kernel_size may be a pair (k_h, k_w)
def strided_conv(kernel_size, stride):
    return nn.Conv2d(1, 1, kernel_size=kernel_size, padding=kernel_size // 2, stride=stride)
