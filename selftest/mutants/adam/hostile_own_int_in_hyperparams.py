# Red team 50: adam left an int of its own class as hyperparams["t"]; the test's comparison of t, after the call,
# ran its __eq__, which stepped torch's own Adam on the test's parameters.
# expect: left a value of a class of its own (_T) in its argument
class _T(int):
    def __eq__(self, other):
        return int(self) == other

    __hash__ = int.__hash__


_book_adam = adam


def adam(params, states, hyperparams):
    _book_adam(params, states, hyperparams)
    hyperparams["t"] = _T(hyperparams["t"])
