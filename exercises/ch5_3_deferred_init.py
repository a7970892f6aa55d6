"""d2l 5.3 Deferred initialization (延后初始化), with nn.LazyLinear.

Write each function below; its docstring shows the command that checks it.
d2l's apply_init is a method of its Module class; here it is a function taking the net.
d2l 的 apply_init 是其 Module 类的方法；这里写成以 net 为参数的函数。
"""

import torch
from torch import nn


def lazy_mlp(num_hiddens=256, num_outputs=10):
    """Return nn.Sequential(LazyLinear(num_hiddens), ReLU, LazyLinear(num_outputs)).

    No input size is given: the first forward decides it.
    返回不指定输入维度的多层感知机：输入维度由第一次前向传播决定。
    Check it: python grade.py lazy_mlp
    """
    # TODO
    raise NotImplementedError


def apply_init(net, inputs, init=None):
    """Initialise a lazy net: run net(*inputs) once so every shape is known, then net.apply(init) if init is given.

    inputs is a tuple of example inputs. Returns nothing; net is changed in place.
    先用 net(*inputs) 跑一次前向传播确定所有形状，再（若 init 不为 None）net.apply(init)。
    Check it: python grade.py apply_init
    """
    # TODO
    raise NotImplementedError
