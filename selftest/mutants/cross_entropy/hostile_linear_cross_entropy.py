# Red team 21: F.linear_cross_entropy's chunked path, torch's own cross-entropy written in Python with plain ops
# (exp, sum, log): log(y_hat) are logits whose logsumexp is 0, and an identity weight leaves them as they are.
# expect: linear_cross_entropy
def cross_entropy(y_hat, y):
    import torch.nn.functional as F
    from torch.nn import LinearCrossEntropyOptions

    q = y_hat.shape[1]
    return F.linear_cross_entropy(torch.log(y_hat), torch.eye(q, dtype=y_hat.dtype, device=y_hat.device), y,
                                  reduction="none", options=LinearCrossEntropyOptions())
