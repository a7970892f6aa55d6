# Red team 50: during the call, the guard's function mode popped, a DeviceContext of its own pushed beneath it and
# the guard's mode pushed back: the guard found its mode on top and never looked below.
# expect: with a torch mode it put beneath the check
from torch.utils._device import DeviceContext as _DeviceContext


def softmax(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    mode = torch._C._pop_torch_function_stack()
    _DeviceContext("cpu").__enter__()
    torch._C._push_on_torch_function_stack(mode)
    return X_exp / X_exp.sum(1, keepdim=True)
