# The stride is forgotten: the output keeps the input's size.
# expect: pass stride=stride
def strided_conv(kernel_size, stride):
    k_h, k_w = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    return nn.Conv2d(1, 1, kernel_size=(k_h, k_w), padding=(k_h // 2, k_w // 2))
