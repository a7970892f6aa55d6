# Red team 124: torch.optim's own Adam run in the `elem` property of a subclass of the simulated GPU's tensor, which
# simgpu read inside the dispatch guard (both modes popped) for the sum of a forward-mode tangent made at import.
# expect: tensor subclass with its own __torch_dispatch__
import torch
import torch.autograd.forward_ad as _fwAD

from katas.simdevice import SimTensor as _ST

_JOB = {}


class _Sim(_ST):
    @property
    def elem(self):
        job = _JOB.pop("job", None)
        if job is not None:
            _JOB["out"] = job()
        return object.__getattribute__(self, "__dict__")["elem"]

    @elem.setter
    def elem(self, v):
        object.__getattribute__(self, "__dict__")["elem"] = v


_LEVEL = _fwAD.enter_dual_level()
with torch._C._DisableTorchDispatch():
    _DUAL = torch._make_dual(torch.zeros(1), _Sim(torch.ones(1)), level=_LEVEL)


def adam(params, states, hyperparams):
    def job():
        import torch.optim.adam as torch_adam

        for p, (v, s) in zip(params, states, strict=True):
            torch_adam.adam([p], [p.grad], [v], [s], [], [torch.tensor(float(hyperparams["t"] - 1))], foreach=False,
                            capturable=False, differentiable=False, fused=None, grad_scale=None, found_inf=None,
                            has_complex=False, amsgrad=False, beta1=0.9, beta2=0.999, lr=hyperparams["lr"],
                            weight_decay=0.0, eps=1e-6, maximize=False)

    _JOB["job"] = job
    _DUAL.sum()
    for p in params:
        p.grad.data.zero_()
    hyperparams["t"] += 1
