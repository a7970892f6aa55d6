# p = k - 1 is the book's padding in all; nn.Conv2d applies it on each side.
# expect: padding is per side
def same_conv(kernel_size):
    k_h, k_w = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    return nn.Conv2d(1, 1, kernel_size=(k_h, k_w), padding=(k_h - 1, k_w - 1))
