# The block is built once and the same object returned on every call: four "blocks" would share it.
# expect: build new layers on every call
import functools


@functools.cache
def block1():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())
