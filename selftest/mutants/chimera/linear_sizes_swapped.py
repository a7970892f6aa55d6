# The middle Linear's sizes swapped: NestMLP gives 16 values, FixedHiddenMLP takes 20.
# expect: chimera()[1] should be nn.Linear(16, 20)
def chimera():
    return nn.Sequential(NestMLP(), nn.Linear(20, 16), FixedHiddenMLP())
