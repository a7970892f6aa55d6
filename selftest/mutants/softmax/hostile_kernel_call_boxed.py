# Red team 10: aten::_softmax's CPU kernel, looked up for one dispatch key and called directly (call_boxed): below
# both of the guard's modes, nothing switched off.
# expect: called a kernel of torch's directly
import torch


class _Rows(torch.autograd.Function):
    @staticmethod
    def forward(ctx, X):
        inner = X.__dict__.get("elem", X)  # SimTensor's CPU data (simgpu)
        K = torch._C.DispatchKey
        kernel = torch._C._dispatch_get_computed_kernel_for_dispatch_key("aten::_softmax", K.CPU)
        Y = kernel.call_boxed(torch._C.DispatchKeySet(K.CPU), inner, 1, False)
        if inner is not X:
            Y = type(X)(Y)
        ctx.save_for_backward(Y)
        return Y

    @staticmethod
    def backward(ctx, g):
        (Y,) = ctx.saved_tensors
        return Y * (g - (g * Y).sum(1, keepdim=True))


def softmax(X):
    return _Rows.apply(X)
