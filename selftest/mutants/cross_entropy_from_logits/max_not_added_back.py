# The learner shifted by the row max but never added it back.
# expect: add the max back
def cross_entropy_from_logits(o, y):
    m = o.max(dim=1, keepdim=True).values
    return torch.log(torch.exp(o - m).sum(dim=1)) - o[range(len(o)), y]
