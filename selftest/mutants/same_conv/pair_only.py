# Written for a pair only: an int kernel_size cannot be unpacked.
# expect: kernel_size may be an int
def same_conv(kernel_size):
    k_h, k_w = kernel_size
    return nn.Conv2d(1, 1, kernel_size=kernel_size, padding=((k_h - 1) // 2, (k_w - 1) // 2))
