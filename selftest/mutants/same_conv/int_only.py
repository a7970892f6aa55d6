# Written for an int kernel_size only: a pair (3, 5) meets // and fails.
# expect: kernel_size may be a pair (k_h, k_w)
def same_conv(kernel_size):
    return nn.Conv2d(1, 1, kernel_size=kernel_size, padding=(kernel_size - 1) // 2)
