# alone
# Red team 50: a DeviceContext entered at import (torch.set_default_device's mode, let be beneath the guard), given a
# handler of its own on the instance as the graded call returned: the test's next torch call ran it unguarded.
# expect: with a torch mode it put beneath the check (or a handler it gave one there)
import types as _types

from torch.utils._device import DeviceContext as _DeviceContext

_context = _DeviceContext("cpu")
_context.__enter__()


def _handler(self, func, types, args=(), kwargs=None):
    return func(*args, **(kwargs or {}))


_book_corr2d = corr2d


def corr2d(X, K):
    Y = _book_corr2d(X, K)
    _context.__torch_function__ = _types.MethodType(_handler, _context)
    return Y
