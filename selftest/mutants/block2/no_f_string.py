# 'block {i}' without the f: every add_module uses the same name and replaces the previous block.
# expect: write the name as an f-string
def block2():
    net = nn.Sequential()
    for i in range(4):
        net.add_module('block {i}', block1())
    return net
