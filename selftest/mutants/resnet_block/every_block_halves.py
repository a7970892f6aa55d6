# Every Residual halves height and width (and is built from input_channels).
# expect: only the first Residual (i == 0) halves
def resnet_block(input_channels, num_channels, num_residuals, first_block=False):
    blk = []
    for i in range(num_residuals):
        if first_block:
            blk.append(Residual(num_channels, num_channels))
        else:
            blk.append(Residual(input_channels if i == 0 else num_channels, num_channels, use_1x1conv=True, strides=2))
    return blk
