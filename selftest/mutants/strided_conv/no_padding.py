# Only the stride: without padding the windows near the edge are lost.
# expect: without padding
def strided_conv(kernel_size, stride):
    return nn.Conv2d(1, 1, kernel_size=kernel_size, stride=stride)
