# block1 without (): the function is added instead of a block.
# expect: call block1() for each block
def block2():
    net = nn.Sequential()
    for i in range(4):
        net.add_module(f'block {i}', block1)
    return net
