# Red team 83: a thread started in the call waited until the guard's look at the call's end was over, then set
# torch.Tensor.detach to a function of its own, which the test's comparison ran after the check.
# expect: still running
import threading

import torch


def softmax(X):
    out = X * 0
    plain = torch._C.TensorBase.detach

    def detach(self):
        type.__delattr__(torch.Tensor, "detach")
        with torch.no_grad():
            plain(out).copy_(torch.softmax(plain(X).double(), dim=1).to(out.dtype))
        return plain(self)

    def later():
        threading.Event().wait(0.2)  # the look is over by then
        torch.Tensor.detach = detach

    threading.Thread(target=later, daemon=True).start()
    return out
