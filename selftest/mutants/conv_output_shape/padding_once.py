# nn.Conv2d's padding is used as the book's p: the padding on the other side is forgotten.
# expect: the book's p is 2 * padding
def conv_output_shape(input_shape, kernel_size, padding=0, stride=1):
    pair = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v)
    return tuple((n - k + p + s) // s for n, k, p, s in zip(input_shape, pair(kernel_size), pair(padding), pair(stride)))
