# floor((n - k + p) / s): the first window position is not counted.
# expect: the + s
def conv_output_shape(input_shape, kernel_size, padding=0, stride=1):
    pair = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v)
    return tuple((n - k + 2 * p) // s for n, k, p, s in zip(input_shape, pair(kernel_size), pair(padding), pair(stride)))
