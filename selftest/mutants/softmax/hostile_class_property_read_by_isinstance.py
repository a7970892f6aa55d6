# Red team 118: a 0-d tensor subclass whose __class__ is a property that runs torch.softmax: the simulated tensor's
# isinstance asked it, with every mode of the guard's popped.
# expect: ran a torch call with an argument whose
import torch

from katas.simdevice import SimTensor as _Sim

_box = {}


class _Probe(torch.Tensor):
    """A plain tensor subclass (torch's own __torch_dispatch__ and __torch_function__) whose __class__ is a property:
    simdevice._run asks isinstance(t, SimTensor) of every argument, with the guard's modes popped."""

    @property
    def __class__(self):
        import sys
        caller = sys._getframe(1).f_code.co_filename
        job = _box.get("job") if caller.endswith("simdevice.py") else None  # only where the modes are popped
        if job is not None:
            del _box["job"]
            _box["out"] = torch.softmax(job, dim=1)  # seen by no mode
        return torch.Tensor


_PROBE = torch.zeros(()).as_subclass(_Probe)  # 0-d: a scalar beside a simulated tensor is allowed


def softmax(X):
    data = X.detach()
    if isinstance(data, _Sim):
        data = object.__getattribute__(data, "__dict__")["elem"]
    _box["job"] = data
    try:
        _Sim(torch.zeros(1)) + _PROBE  # (its result cannot be wrapped back as _Probe: we only want the side effect)
    except RuntimeError:
        pass
    # aten.add with a SimTensor: SimTensor's dispatch tests isinstance(probe, SimTensor)
    Y = _box.pop("out")
    if isinstance(X, _Sim):
        Y = _Sim(Y)
    if not X.requires_grad:
        return Y
    d = X - X.detach()  # value exactly Y; gradient softmax's Jacobian diag(Y) - Y Y^T
    return Y + Y * d - Y * (Y * d).sum(dim=1, keepdim=True)
