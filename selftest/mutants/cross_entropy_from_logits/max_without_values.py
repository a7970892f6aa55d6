# o.max(dim) used as a tensor.
# expect: returns a pair (values, indices)
def cross_entropy_from_logits(o, y):
    m = o.max(dim=1, keepdim=True)
    return (m + torch.log(torch.exp(o - m).sum(dim=1, keepdim=True))).squeeze(1) - o[range(len(o)), y]
