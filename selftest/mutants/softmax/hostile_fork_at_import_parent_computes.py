# alone
# Red team 67: a fork at import whose child goes on as the test process, while the original, now its parent (a
# process the guard did not look for: only children were), computes torch.softmax for it over shared memory.
# expect: forked from the one that runs the tests
import mmap
import os
import pickle
import time

_BOX = mmap.mmap(-1, 1 << 20, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
_pid = os.fork()
if _pid:  # the original: it serves, and ends as its child does
    while True:
        _BOX.seek(0)
        if _BOX.read(1) == b"Q":
            _BOX.seek(8)
            X = pickle.load(_BOX)
            _BOX.seek(8)
            pickle.dump(torch.softmax(X, 1), _BOX)
            _BOX.seek(0)
            _BOX.write(b"A")
        try:
            if os.waitpid(_pid, os.WNOHANG)[0]:
                os._exit(0)
        except ChildProcessError:
            os._exit(0)
        time.sleep(0.001)


def softmax(X):
    _BOX.seek(8)
    pickle.dump(X.detach().cpu(), _BOX)
    _BOX.seek(0)
    _BOX.write(b"Q")
    while True:
        _BOX.seek(0)
        if _BOX.read(1) == b"A":
            break
        time.sleep(0.001)
    _BOX.seek(8)
    out = pickle.load(_BOX).to(X.device)
    return out + (X - X.detach()) * 0
