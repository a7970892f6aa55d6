"""Small pieces that several graded test files share: tensor minibatches, PNG sizes, Modules."""

from __future__ import annotations

import struct

import torch

from katas.checks import expect, fail


class Batches:
    """(X, y) minibatches of tensors, shuffled on every pass when shuffle: a stand-in for a DataLoader."""

    def __init__(self, X, y, batch_size, shuffle=False):
        self.X, self.y, self.batch_size, self.shuffle = X, y, batch_size, shuffle

    def __len__(self):
        return -(-len(self.y) // self.batch_size)  # batches per pass, the last one partial (d2l's train_ch6 asks)

    def __iter__(self):
        n = len(self.y)
        order = torch.randperm(n, device=self.y.device) if self.shuffle else torch.arange(n, device=self.y.device)
        for i in range(0, n, self.batch_size):
            j = order[i : i + self.batch_size]
            yield self.X[j], self.y[j]


def png_size(path) -> tuple[int, int]:
    """(width, height) of a PNG, read from its header."""
    with open(path, "rb") as f:
        head = f.read(24)
    expect(head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG", f"{path.name} 不是 PNG 文件")
    return struct.unpack(">II", head[16:24])


def build(cls, *args):
    """cls(*args), naming the classic slip of setting attributes before nn.Module.__init__ ran."""
    __tracebackhide__ = True
    try:
        return cls(*args)
    except AttributeError as e:
        if "Module.__init__()" in str(e):
            fail(f"{cls.__name__}() assigned a layer before nn.Module was set up: call super().__init__() "
                 "first in __init__",
                 f"{cls.__name__}() 在 nn.Module 初始化之前就给 self 赋值了层：__init__ 里先调用 super().__init__()")
        raise


def inplace_on_leaf(e: BaseException) -> bool:
    """torch's refusal to change a leaf that requires grad in place (an update outside no_grad)."""
    return isinstance(e, RuntimeError) and "leaf Variable" in str(e) and "in-place" in str(e)
