# The chimera is built once (cached, like d2l's module-level chimera) and the same object returned on every call.
# expect: returned the same network twice
import functools


@functools.cache
def chimera():
    return nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())
