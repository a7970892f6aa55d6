# range(1, num_residuals): one Residual short.
# expect: Residual blocks: one per i in range(num_residuals)
def resnet_block(input_channels, num_channels, num_residuals, first_block=False):
    blk = []
    for i in range(1, num_residuals):
        if i == 1 and not first_block:
            blk.append(Residual(input_channels, num_channels, use_1x1conv=True, strides=2))
        else:
            blk.append(Residual(num_channels, num_channels))
    return blk
