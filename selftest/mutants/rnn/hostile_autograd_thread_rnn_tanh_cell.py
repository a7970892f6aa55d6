# Red team 15: on a thread of autograd's own pool (a custom Function's backward nested over 60 deep) no torch
# function mode of the guard was entered, and torch.rnn_tanh_cell broke down into allowed ops unseen.
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


def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    (H,) = state

    def work():
        h, outputs = H, []
        for X in inputs:
            h = torch.rnn_tanh_cell(X, h, W_xh.T, W_hh.T, b_h)
            outputs.append(h @ W_hq + b_q)
        return torch.cat(outputs, dim=0), (h,)

    return _on_autograd_thread(work)
