# The chimera is built once at import and the same object returned on every call.
# expect: returned the same network twice
_CHIMERA = nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())


def chimera():
    return _CHIMERA
