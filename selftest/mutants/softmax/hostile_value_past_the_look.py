# Red team 83: torch.Tensor.detach set in the call to a property of a functools.partial holding 3,000 objects, past
# what the look read of a value; the test's own X.detach() ran the getter after the check, which copied
# torch.softmax into the zeros softmax returned.
# expect: replaced torch.Tensor.detach
import functools

import torch


def softmax(X):
    out = X * 0
    plain = torch._C.TensorBase.detach
    done = []

    def getter(_padding, self):
        if not done:
            done.append(1)
            type.__delattr__(torch.Tensor, "detach")
            with torch.no_grad():
                plain(out).copy_(torch.softmax(plain(X).double(), dim=1).to(out.dtype))
        return plain.__get__(self)

    torch.Tensor.detach = property(functools.partial(getter, [object() for _ in range(3000)]))
    return out
