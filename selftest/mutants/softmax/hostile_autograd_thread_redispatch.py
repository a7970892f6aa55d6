# Red team 15: a custom Function's backward nested over 60 deep runs on a thread of autograd's own pool, where no
# guard of the graded call's thread was: there, softmax's kernel through redispatch below the Python key.
# expect: on one of torch's threads
import torch


def _on_autograd_thread(work):
    box = {}

    class Deep(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t, depth):
            ctx.depth = depth
            return t.view_as(t)

        @staticmethod
        def backward(ctx, g):
            with torch.enable_grad():
                if ctx.depth > 0:
                    t = torch.zeros(1, requires_grad=True)
                    torch.autograd.grad(Deep.apply(t, ctx.depth - 1), t, g)
                else:
                    box["out"] = work()
            return g, None

    with torch.enable_grad():
        t = torch.zeros(1, requires_grad=True)
        torch.autograd.grad(Deep.apply(t, 70), t, torch.ones(1))
    return box["out"]


def softmax(X):
    cpu = torch._C.DispatchKeySet(torch._C.DispatchKey.CPU)
    out = _on_autograd_thread(lambda: torch.ops.aten._softmax.default.redispatch(cpu, X.detach().cpu(), 1, False))
    return (X - X.detach()) + out.to(X.device)
