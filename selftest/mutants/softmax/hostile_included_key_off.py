# Red team 12: the Python key taken out of the *included* set (a _ForceDispatchKeyGuard) switches the dispatch
# mode off without excluding the key, and torch._refs.softmax then runs unseen.
# expect: switched off torch's dispatch
import torch
import torch._refs


def softmax(X):
    keys = torch._C.DispatchKeySet(torch._C.DispatchKey.Python) | torch._C.DispatchKeySet(
        torch._C.DispatchKey.PythonTLSSnapshot)
    dev = X.device
    plain = X.cpu() if dev.type != "cpu" else X
    with torch._C._ForceDispatchKeyGuard(torch._C._dispatch_tls_local_include_set() - keys,
                                         torch._C._dispatch_tls_local_exclude_set()):
        out = torch._refs.softmax(plain, 1)
    return out.to(dev) if dev.type != "cpu" else out
