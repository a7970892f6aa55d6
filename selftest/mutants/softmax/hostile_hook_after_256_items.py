# Red team 113: a hook in the 301st item of a list index (the guard read 256 items of a list): torch calls it in
# the middle of the call, where no mode of the guard's is on the stack, and it runs torch.softmax with the Python
# dispatch key excluded.
# expect: ran a torch call with an argument whose
import torch


def softmax(X):
    """Values from torch.softmax, computed in a list index's __index__ (item 300) with dispatch's Python key off."""
    box = {}
    Xd = X.detach()
    Xc = Xd.cpu()  # (simgpu: its data on the CPU)

    class Late:
        def __len__(self):
            return 1

        def __getitem__(self, i):
            if i != 0:
                raise IndexError(i)
            if "s" not in box:
                ks = torch._C.DispatchKeySet(torch._C.DispatchKey.Python)
                with torch._C._ExcludeDispatchKeyGuard(ks):
                    box["s"] = torch.softmax(Xc, dim=1)
            return 0

    torch.zeros(1)[[[0]] * 300 + [Late()]]
    return X - Xd + box["s"].to(X.device)


