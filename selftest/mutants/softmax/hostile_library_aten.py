# Red team 8: a custom op whose Python kernel calls aten's own softmax kernel, below the guard's modes.
# alone: made at import, it reaches every exercise of its file
# expect: registered with torch.library
import torch

_lib = torch.library.Library("katas_red8", "DEF")
_lib.define("rownorm(Tensor x) -> Tensor")
_lib.impl("rownorm", lambda x: torch.ops.aten._softmax.default(x, 1, False), "CPU")


def softmax(X):
    return X * 0.0 + torch.ops.katas_red8.rownorm.default(X.detach())
