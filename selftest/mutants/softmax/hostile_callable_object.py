# Red team 61: softmax a callable object whose __getattr__ the grader's wrapping ran (functools.wraps reads
# __name__, __qualname__, ...) before any guard: there it computed torch's softmax; now such a wrapping is guarded.
# expect: called torch.softmax
_book_softmax = softmax


class _Softmax:
    def __getattr__(self, name):
        torch.softmax(torch.ones(1, 2), 1)  # stands for the answers it would compute
        raise AttributeError(name)

    def __call__(self, X):
        return _book_softmax(X)


softmax = _Softmax()
