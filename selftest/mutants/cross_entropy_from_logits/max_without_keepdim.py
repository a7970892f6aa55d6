# The row max as (n,): o - m subtracts it across columns.
# expect: keep the max as (n, 1)
def cross_entropy_from_logits(o, y):
    m = o.max(dim=1).values
    return m + torch.log(torch.exp(o - m).sum(dim=1)) - o[range(len(o)), y]
