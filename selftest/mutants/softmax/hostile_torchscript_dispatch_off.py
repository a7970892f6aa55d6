# Red team 4, #10: dispatch switched off, then only TorchScript calls (no torch call the function mode sees).
# expect: TorchScript
@torch.jit.script
def _torch_softmax(x):
    return torch.softmax(x, 1)


class _Rows(torch.autograd.Function):
    @staticmethod
    def forward(ctx, X):
        from torch.utils._python_dispatch import _disable_current_modes

        with _disable_current_modes():
            S = _torch_softmax(X)
        ctx.save_for_backward(S)
        return S

    @staticmethod
    def backward(ctx, g):
        S, = ctx.saved_tensors
        return S * (g - (g * S).sum(1, keepdim=True))


def softmax(X):
    return _Rows.apply(X)
