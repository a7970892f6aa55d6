# Red team 48: softmax returned X * 1 and set detach on its input tensor; the test computed what it expected from
# X.detach(), which first copied torch.softmax(X) into the result.
# expect: changed its argument tensor's detach
def softmax(X):
    out = X * 1.0
    plain = torch.Tensor.detach

    def detach():
        del X.detach
        out.data.copy_(torch.softmax(plain(X), 1))
        return plain(X)

    X.detach = detach
    return out
