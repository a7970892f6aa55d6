# alone
# Red team 54: torch._native's registry put a kernel of the learner's on aten::erfinv; the guard let torch.erfinv
# through by its name, and the kernel, run with both of the guard's modes off the stack, computed torch.softmax.
# expect: an operator or kernel registered with torch.library in namespace
import torch._native.registry as _registry


def softmax(X):
    if ("erfinv", "CPU") not in _registry._aten_override_libs:
        _registry._install_aten_override("erfinv", "CPU", lambda keyset, x: torch.softmax(x, dim=-1))
    return torch.erfinv(X)
