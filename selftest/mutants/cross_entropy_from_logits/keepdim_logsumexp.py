# The logsumexp kept as (n, 1): minus the (n,) picks, it broadcasts to (n, n).
# expect: the logsumexp kept its dimension
def cross_entropy_from_logits(o, y):
    m = o.max(dim=1, keepdim=True).values
    logsumexp = m + torch.log(torch.exp(o - m).sum(dim=1, keepdim=True))
    return logsumexp - o[range(len(o)), y]
