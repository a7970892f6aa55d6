# alone
# Red team 61: softmax taken out of the module and served by a module __getattr__, which the lookup ran before any
# guard, where torch's softmax of the test's inputs (found in the caller's frames) was computed; now a graded name is
# read from the module's own namespace, never through its __getattr__.
# expect: has no softmax
_book_softmax = softmax
del softmax


def __getattr__(name):
    if name == "softmax":
        return lambda X: torch.softmax(X, 1)
    raise AttributeError(name)
