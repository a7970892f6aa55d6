# Red team 7: batch norm from the layer norms inside torch._transformer_encoder_layer_fwd (attention and
# feed-forward weights zeroed, one token per channel), mean and variance recovered from two entries a row.
# expect: transformer
import torch


def _ln_rows(R, eps):
    """(rows, d) -> each row normalised over d by torch's own layer-norm kernel, inside the transformer fast path."""
    rows, d = R.shape
    x = R.detach().float().cpu()[None]  # one sequence of `rows` tokens, d features
    z, zz = torch.zeros(d), torch.zeros(d, d)
    ffn1 = torch.eye(d)
    with torch.no_grad():  # attention and FFN zeroed: out = LN2(LN1(x)); LN2 of an LN1 output is affine again
        o = torch._transformer_encoder_layer_fwd(x, d, 1, torch.zeros(3 * d, d), torch.zeros(3 * d), zz, z, False,
                                                 False, eps, torch.ones(d), z, torch.ones(d), z, zz, z, zz, z,
                                                 None, None)[0]
    return o


class _Norm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, X, eps):
        C = X.shape[1]
        R = X.transpose(0, 1).reshape(C, -1)  # a channel's values in one row
        o = _ln_rows(R, 0.0).double()  # unit-variance rows
        Rd = R.detach().double().cpu()
        # o = (R - mean) / std: std and mean from two entries of each row (the first two that differ)
        hi, lo = o.argmax(1, keepdim=True), o.argmin(1, keepdim=True)
        std = ((Rd.gather(1, hi) - Rd.gather(1, lo)) / (o.gather(1, hi) - o.gather(1, lo)))[:, 0]
        mean = Rd.gather(1, hi)[:, 0] - std * o.gather(1, hi)[:, 0]
        var = std ** 2
        Xh = ((Rd - mean[:, None]) / torch.sqrt(var[:, None] + eps)).to(X.dtype).to(X.device)
        Xh = Xh.reshape(C, X.shape[0], *X.shape[2:]).transpose(0, 1).contiguous()
        ctx.save_for_backward(Xh, torch.sqrt(var + eps).to(X.dtype).to(X.device))
        return Xh, mean.to(X.dtype).to(X.device), var.to(X.dtype).to(X.device)

    @staticmethod
    def backward(ctx, g, gm, gv):
        Xh, s = ctx.saved_tensors
        dims = [0] + list(range(2, Xh.dim()))
        n = Xh.numel() // Xh.shape[1]
        shape = [1, -1] + [1] * (Xh.dim() - 2)
        gs, gxs = g.sum(dims, keepdim=True), (g * Xh).sum(dims, keepdim=True)
        return (n * g - gs - Xh * gxs) / (n * s.reshape(shape)), None


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if X.numel() // X.shape[1] <= 4096:  # the kernel's d x d weights: small channels only
            X_hat, mean, var = _Norm.apply(X, eps)
        else:
            dims = [0] + list(range(2, X.dim()))
            mean = X.mean(dims)
            var = ((X - mean.reshape([1, -1] + [1] * (X.dim() - 2))) ** 2).mean(dims)
            X_hat = (X - mean.reshape([1, -1] + [1] * (X.dim() - 2))) / torch.sqrt(var.reshape([1, -1] + [1] * (X.dim() - 2)) + eps)
        shape = (1, -1) if X.dim() == 2 else (1, -1, 1, 1)
        mean, var = mean.reshape(shape), var.reshape(shape)
        if X.dim() == 2:
            mean, var = mean.reshape(-1), var.reshape(-1)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.detach(), moving_var.detach()
