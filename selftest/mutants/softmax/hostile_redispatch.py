# Red team 6: aten._softmax sent on at the CPU key from a custom autograd Function, below the Python key
# where neither of the guard's modes would see it (a simulated-GPU tensor unwrapped, then wrapped again).
# expect: below torch's Python dispatch key
class _Softmax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, Z):
        inner = Z.__dict__.get("elem", Z)
        Y = torch.ops.aten._softmax.default.redispatch(torch._C.DispatchKeySet(torch._C.DispatchKey.CPU), inner, 1, False)
        Y = Y if inner is Z else type(Z)(Y)
        ctx.save_for_backward(Y)
        return Y

    @staticmethod
    def backward(ctx, grad):
        Y, = ctx.saved_tensors
        return Y * (grad - (grad * Y).sum(1, keepdim=True))


def softmax(X):
    return _Softmax.apply(X)
