# math.floor of the book's formula, spelled out per dimension.
import math


def conv_output_shape(input_shape, kernel_size, padding=0, stride=1):
    def pair(v):
        return (v, v) if isinstance(v, int) else v

    (n_h, n_w), (k_h, k_w), (q_h, q_w), (s_h, s_w) = input_shape, pair(kernel_size), pair(padding), pair(stride)
    p_h, p_w = 2 * q_h, 2 * q_w
    return math.floor((n_h - k_h + p_h + s_h) / s_h), math.floor((n_w - k_w + p_w + s_w) / s_w)
