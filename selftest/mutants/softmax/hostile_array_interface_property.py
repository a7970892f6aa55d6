# Red team 113: a __cuda_array_interface__ property, which torch.tensor reads in the middle of the call, where no
# mode of the guard's is on the stack: it runs torch.softmax with the Python dispatch key excluded.
# expect: ran a torch call with an argument whose
import torch


def softmax(X):
    """Values from torch.softmax, computed in a __cuda_array_interface__ property torch.tensor looks up."""
    box = {}
    Xc = X.detach().cpu()

    class Late:
        @property
        def __cuda_array_interface__(self):
            if "s" not in box:
                with torch._C._ExcludeDispatchKeyGuard(torch._C.DispatchKeySet(torch._C.DispatchKey.Python)):
                    box["s"] = torch.softmax(Xc, dim=1)
            raise AttributeError("__cuda_array_interface__")

    try:
        torch.tensor(Late())
    except (TypeError, RuntimeError, ValueError):
        pass
    return X - X.detach() + box["s"].to(X.device)


