# nn.Conv2d computes the padding itself with padding='same' (stride 1 only).
def same_conv(kernel_size):
    return nn.Conv2d(1, 1, kernel_size, padding="same")
