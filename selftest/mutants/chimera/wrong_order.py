# The blocks in the wrong order.
# expect: chimera()'s blocks are ['FixedHiddenMLP', 'Linear', 'NestMLP']
def chimera():
    return nn.Sequential(FixedHiddenMLP(), nn.Linear(16, 20), NestMLP())
