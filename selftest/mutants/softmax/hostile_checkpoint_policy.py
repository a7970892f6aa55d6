# alone
# Red team 47: torch's selective-checkpoint mode, entered at import beneath the grader's modes, calls the learner's
# policy_fn after each op inside its own handler, where neither of the check's modes is on the stack.
# expect: beneath a torch mode of its own
from torch.utils.checkpoint import create_selective_checkpoint_contexts as _contexts

_job = []


def _policy(ctx, func, *args, **kwargs):
    if _job and torch.is_tensor(_job[-1]):
        _job.append(torch.softmax(_job.pop(), 1))
    return False


_contexts(_policy)[0].__enter__()


def softmax(X):
    _job.append(X.detach())
    X * 1  # an op the checkpoint mode does not ignore: its handler runs _policy
    S = _job.pop()
    return S + (X - X.detach())
