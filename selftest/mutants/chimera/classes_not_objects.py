# The block classes are put in the Sequential, not block objects.
# expect: put block objects in nn.Sequential
def chimera():
    return nn.Sequential(NestMLP, nn.Linear(16, 20), FixedHiddenMLP)
