# k // 2 equals (k - 1) // 2 for odd k.
def strided_conv(kernel_size, stride):
    k = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    return nn.Conv2d(1, 1, k, stride=stride, padding=(k[0] // 2, k[1] // 2))
