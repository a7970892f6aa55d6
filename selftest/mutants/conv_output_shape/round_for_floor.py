# The book writes floor(...); round() looks like it and is not.
# expect: round() is not the floor
def conv_output_shape(input_shape, kernel_size, padding=0, stride=1):
    pair = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v)  # noqa: E731
    return tuple(round((n - k + 2 * p + s) / s)
                 for n, k, p, s in zip(input_shape, pair(kernel_size), pair(padding), pair(stride)))
