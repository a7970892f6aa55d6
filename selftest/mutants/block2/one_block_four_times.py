# One block1() added four times: the four "blocks" share their parameters.
# expect: the same block1 object several times
def block2():
    net = nn.Sequential()
    block = block1()
    for i in range(4):
        net.add_module(f"block {i}", block)
    return net
