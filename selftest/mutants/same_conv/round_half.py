# padding = round(k / 2): right for 1 and 5 (round(2.5) == 2, halves to even), one too many for 3 and 7.
# expect: round(k / 2) is not the padding
def same_conv(kernel_size):
    k_h, k_w = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    return nn.Conv2d(1, 1, kernel_size=(k_h, k_w), padding=(round(k_h / 2), round(k_w / 2)))
