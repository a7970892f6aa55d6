# The stride is left out of the formula.
# expect: the stride was ignored
def conv_output_shape(input_shape, kernel_size, padding=0, stride=1):
    pair = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v)
    return tuple(n - k + 2 * p + 1 for n, k, p in zip(input_shape, pair(kernel_size), pair(padding)))
