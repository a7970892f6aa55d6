# int(round(...)): the same rounding, made an int twice over.
# expect: round() is not the floor
def conv_output_shape(input_shape, kernel_size, padding=0, stride=1):
    k_h, k_w = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    p_h, p_w = padding if isinstance(padding, tuple) else (padding, padding)
    s_h, s_w = stride if isinstance(stride, tuple) else (stride, stride)
    n_h, n_w = input_shape
    return (int(round((n_h - k_h + 2 * p_h + s_h) / s_h)), int(round((n_w - k_w + 2 * p_w + s_w) / s_w)))
