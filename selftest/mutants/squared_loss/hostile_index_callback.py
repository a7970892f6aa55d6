# Red team 14: F.gaussian_nll_loss run from __index__ of an object used as an index: torch calls it back in the
# middle of the indexing call, while the function check is off the stack.
# expect: calls back in the middle of that call
def squared_loss(y_hat, y):
    class _S:
        out = None

        def __index__(self):
            if _S.out is None:
                _S.out = torch.nn.functional.gaussian_nll_loss(
                    y_hat, y.reshape(y_hat.shape), torch.ones_like(y_hat), reduction="none")
            return 0

    torch.zeros(1)[_S()]
    return _S.out
