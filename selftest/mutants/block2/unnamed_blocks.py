# nn.Sequential(*blocks) names the children '0' ... '3', not 'block 0' ... 'block 3'.
# expect: add them with net.add_module(f'block {i}', block1())
def block2():
    return nn.Sequential(*[block1() for _ in range(4)])
