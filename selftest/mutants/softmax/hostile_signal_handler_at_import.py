# Red team 71: a signal handler set at import, with a timer armed there, ran torch.softmax into the placeholder the
# graded call returned, just after the guard's modes came off. A handler of learner code's own, set earlier, fails
# a from-scratch call (this one only sets it: a correct softmax, refused for the handler).
# alone: set at import, it is there in every exercise of its file
# expect: a signal handler of its own
import signal

import torch


def _handler(signum, frame):
    pass


signal.signal(signal.SIGUSR1, _handler)


def softmax(X):
    e = torch.exp(X - X.max(1, keepdim=True).values)
    return e / e.sum(1, keepdim=True)
