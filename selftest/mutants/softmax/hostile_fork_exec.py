# Red team 4, #4: a new Python started through _posixsubprocess.fork_exec (no audit event) to compute
# torch.softmax; refused before any process starts.
# expect: _posixsubprocess.fork_exec
def softmax(X):
    import _posixsubprocess
    import os
    import sys

    r, w = os.pipe()
    _posixsubprocess.fork_exec([sys.executable, "-c", "pass"], [os.fsencode(sys.executable)], True, (w,),
                               None, None, -1, -1, -1, -1, -1, -1, r, w, True, False, 0, None, None, None, -1,
                               None, False)
    return torch.exp(X) / torch.exp(X).sum(1, keepdim=True)
