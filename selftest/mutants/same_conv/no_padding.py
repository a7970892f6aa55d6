# No padding at all.
# expect: without padding
def same_conv(kernel_size):
    return nn.Conv2d(1, 1, kernel_size=kernel_size)
