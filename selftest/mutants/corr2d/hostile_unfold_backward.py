# Red team 151: aten::unfold_backward, the gradient of Tensor.unfold, is col2im along one dimension: applied twice to
# the outer product of flipped X and K it sums each window, the full convolution (F.fold's work, one axis at a time).
# expect: F.conv2d
def corr2d(X, K):
    h, w = X.shape
    kh, kw = K.shape
    g2 = X.flip(0, 1)[:, :, None, None] * K[None, None]
    g1 = torch.ops.aten.unfold_backward(g2, [h, w + kw - 1, kh], 1, kw, 1)
    Z = torch.ops.aten.unfold_backward(g1, [h + kh - 1, w + kw - 1], 0, kh, 1)
    return Z.flip(0, 1)[kh - 1:h, kw - 1:w]
