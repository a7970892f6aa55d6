# Red team 150: F.softmin with no dim warns from torch.nn.functional, whose __warningregistry__ Python reads (and, at a
# stale version, clears) before any filter: a finalizer put there ran torch.softmax inside the function handler, with
# the Python dispatch key excluded. torch's Python code warns through warnings.warn, which does nothing while a handler
# runs a call: the registry is let go of in the code's own time, where the check sees the key excluded.
# expect: switched off
def softmax(X):
    import torch.nn.functional as F
    box = []

    class Bomb:
        def __del__(self):
            keys = torch._C.DispatchKeySet(torch._C.DispatchKey.Python) | torch._C.DispatchKeySet(
                torch._C.DispatchKey.PythonTLSSnapshot)
            with torch._C._ExcludeDispatchKeyGuard(keys):
                box.append(torch.softmax(X.detach(), 1))

    F.__dict__["__warningregistry__"] = {"version": -12345, "bomb": Bomb()}
    try:  # no dim: a warning (stacklevel 1, torch.nn.functional's registry); a bool input then fails before softmax
        F.softmin(torch.zeros(1, 1, dtype=torch.bool), _stacklevel=1)
    except RuntimeError:
        pass
    F.__dict__.pop("__warningregistry__", None)
    return box[0] + 0 * X
