# Red team 101: a copy of the _thread module (_imp.create_builtin), whose start_new_thread is not the guard's wrapper,
# starts at import a thread whose target is C alone (no frame in sys._current_frames, not in threading.enumerate);
# it runs torch.softmax for every graded call, under no mode of the guard's.
# alone: made at import, it serves every exercise of its file
# expect: a thread your code started earlier
import _imp
import collections
import importlib.machinery
import queue

import torch

_jobs, _answers = queue.SimpleQueue(), queue.SimpleQueue()
_copy = _imp.create_builtin(importlib.machinery.ModuleSpec("_thread", None))


def _work(X):
    with torch.no_grad():
        _answers.put(torch.softmax(X, dim=1))


_copy.start_new_thread(collections.deque, (map(_work, iter(_jobs.get, None)), 0))


def softmax(X):
    _jobs.put(X.detach())
    return (X - X.detach()) + _answers.get()
