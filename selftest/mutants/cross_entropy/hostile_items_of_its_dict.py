# Red team 23: the result's __dict__ is a dict subclass whose items() computes F.nll_loss into it; the grader's
# post-call check read the items after the guard had ended.
# expect: __dict__ (of a kind of its own)
class _LaterDict(dict):
    jobs = []

    def items(self):
        if _LaterDict.jobs:
            _LaterDict.jobs.pop()()
        return dict.items(self)


def cross_entropy(y_hat, y):
    C = torch.zeros(y_hat.shape[0], dtype=y_hat.dtype, device=y_hat.device)

    def job():
        import torch.nn.functional as F

        C.data.copy_(F.nll_loss(torch.log(y_hat.detach()), y, reduction="none"))

    out = C + 0 * y_hat.sum(1)
    _LaterDict.jobs.append(job)
    out.__dict__ = _LaterDict()
    return out
