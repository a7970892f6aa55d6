# Red team 7: torch._transformer_encoder_layer_fwd, a whole encoder layer in one kernel, built so that one output
# row is affine in softmax(X); the softmax runs inside the kernel, where no mode sees it.
# expect: transformer
import torch


def _kernel_softmax(X):
    """Row-wise softmax computed by torch's own softmax kernel, reached through the transformer fast path."""
    dev, dt = X.device, X.dtype
    X = X.detach().float().cpu()
    rows, n = X.shape
    A, B, C, M1, M2, H = 0, 1, 2, 3, 4, 5  # score, query flag, "not a key" flag, two markers, one-hots from H
    E, L = n + H, n + 1
    x = torch.zeros(rows, L, E)
    x[:, 0, B], x[:, 0, C], x[:, 0, M1], x[:, 0, M2] = 1.0, 1.0, 2.0, -2.0
    x[:, 1:, A] = X
    x[:, 1:, H:] = torch.eye(n)
    Wq, Wk, Wv = torch.zeros(E, E), torch.zeros(E, E), torch.zeros(E, E)
    Wq[A, B] = E ** 0.5
    Wk[A, A], Wk[A, C] = 1.0, -1e30
    Wv[H:, H:] = torch.eye(n)
    zE, z = torch.zeros(E, E), torch.zeros(E)
    with torch.no_grad():
        o = torch._transformer_encoder_layer_fwd(x, E, 1, torch.cat([Wq, Wk, Wv]), torch.zeros(3 * E), torch.eye(E), z,
                                                 False, False, 1e-5, torch.ones(E), z, torch.ones(E), z, zE, z, zE, z,
                                                 None, None)[:, 0].double()
    sigma = (2.0 - -2.0) / (o[:, M1] - o[:, M2])
    mu = 2.0 - sigma * o[:, M1]
    return (sigma[:, None] * o[:, H:] + mu[:, None]).to(dt).to(dev)


class _Probs(torch.autograd.Function):
    @staticmethod
    def forward(ctx, X):
        y = _kernel_softmax(X)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return y * (g - (g * y).sum(1, keepdim=True))


def softmax(X):
    return _Probs.apply(X)
