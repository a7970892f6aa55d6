# The shape read off a real layer instead of the formula.
# expect: called F.conv2d
def conv_output_shape(input_shape, kernel_size, padding=0, stride=1):
    import torch

    conv = nn.Conv2d(1, 1, kernel_size, padding=padding, stride=stride)
    return tuple(conv(torch.zeros(1, 1, *input_shape)).shape[2:])
