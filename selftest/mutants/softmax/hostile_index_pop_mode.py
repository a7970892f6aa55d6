# Red team 14: inside __index__, called back while the function check is off the stack, the dispatch check is
# popped, torch.softmax runs, and the mode is pushed back.
# expect: calls back in the middle of that call
import torch


def softmax(X):
    class _S:
        out = None

        def __index__(self):
            if _S.out is None:
                mode = torch._C._pop_torch_dispatch_stack(None)
                try:
                    _S.out = torch.softmax(X.detach(), dim=1)
                finally:
                    torch._C._push_on_torch_dispatch_stack(mode)
            return 0

    torch.zeros(1)[_S()]
    return _S.out + 0 * X
