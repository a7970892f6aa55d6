"""d2l 5.2 Parameter management (参数管理).

Write each function below; its docstring shows the command that checks it.
The init functions are called by net.apply(init): once for every module of the net.
d2l builds rgnet and the shared net at module level; here block2() and shared_net() return them.
初始化函数由 net.apply(init) 对网络的每个模块各调用一次；d2l 在模块顶层建的网络，这里由函数返回。
"""

from torch import nn


def layer_params(net, i):
    """Return (weight, bias) of layer net[i]: the nn.Parameter objects themselves, not copies or .data.

    返回第 i 层 net[i] 的 (weight, bias)：参数对象本身，而不是副本或 .data。
    Check it: python grade.py layer_params
    """
    # TODO
    raise NotImplementedError


def named_shapes(net):
    """Return [(name, param.shape), ...] for every parameter of net, nested blocks included, in order.

    Names as PyTorch makes them: '0.weight', '0.block 1.2.bias', ...
    返回网络所有参数（含嵌套块）的 (名字, 形状) 列表，按顺序。
    Check it: python grade.py named_shapes
    """
    # TODO: net.named_parameters()
    raise NotImplementedError


def block1():
    """Return nn.Sequential(Linear(4, 8), ReLU, Linear(8, 4), ReLU).  返回一个小块。

    Check it: python grade.py block1
    """
    # TODO
    raise NotImplementedError


def block2():
    """Return an nn.Sequential of four block1()s, added with net.add_module(f'block {i}', ...).

    rgnet = nn.Sequential(block2(), nn.Linear(4, 1)) then has keys like '0.block 2.0.weight'.
    返回由四个 block1() 组成的 nn.Sequential，用 add_module(f'block {i}', ...) 加入。
    Check it: python grade.py block2
    """
    # TODO
    raise NotImplementedError


def init_normal(m):
    """For an nn.Linear m: weight ~ N(0, 0.01), bias = 0. Other modules: do nothing.

    对 nn.Linear：权重服从 N(0, 0.01)，偏置为 0；其他模块不处理。
    Check it: python grade.py init_normal
    """
    # TODO
    raise NotImplementedError


def init_constant(m):
    """For an nn.Linear m: weight = 1, bias = 0.  对 nn.Linear：权重全为 1，偏置为 0。

    Check it: python grade.py init_constant
    """
    # TODO
    raise NotImplementedError


def init_xavier(m):
    """For an nn.Linear m: Xavier-uniform weight; the bias is left as it is.

    对 nn.Linear：权重用 Xavier 均匀初始化；偏置不动。
    Check it: python grade.py init_xavier
    """
    # TODO
    raise NotImplementedError


def init_42(m):
    """For an nn.Linear m: every weight = 42; the bias is left as it is.  对 nn.Linear：权重全为 42；偏置不动。

    Check it: python grade.py init_42
    """
    # TODO
    raise NotImplementedError


def my_init(m):
    """d2l's custom init, for an nn.Linear m: weight ~ U(-10, 10), then set to 0 where |w| < 5.

    The bias is left as it is. (d2l also prints the layer's first parameter; printing is optional.)
    对 nn.Linear：权重服从 U(-10, 10)，再把 |w| < 5 的置为 0；偏置不动。
    Check it: python grade.py my_init
    """
    # TODO
    raise NotImplementedError


def shared_net(num_inputs=4, num_hiddens=8):
    """d2l's net with a shared layer: Linear(num_inputs, num_hiddens), ReLU, shared, ReLU, shared, ReLU,
    Linear(num_hiddens, 1), where both `shared` are ONE nn.Linear(num_hiddens, num_hiddens) object.

    A change to net[2].weight shows in net[4].weight, and its gradient sums both uses.
    net[2] 和 net[4] 必须是同一个层对象：改一个，另一个也变；梯度是两次使用之和。
    Check it: python grade.py shared_net
    """
    # TODO
    raise NotImplementedError
