"""d2l 4.3 Concise implementation of multilayer perceptrons (多层感知机的简洁实现).

Write each function below; its docstring shows the command that checks it.
d2l builds net at module level; here get_net() returns it. The tests train it with
torch.optim.SGD on Fashion-MNIST to at least 82% test accuracy.
d2l 在模块顶层构建 net；这里由 get_net() 返回。测试会用 torch.optim.SGD 训练它，测试集准确率至少 82%。
"""

from torch import nn


def init_weights(m):
    """For an nn.Linear m: weight ~ N(0, 0.01) (nn.init.normal_); other modules are left alone.

    net.apply(init_weights) calls it on every module. 对 nn.Linear 把权重初始化为 N(0, 0.01)；其他模块不处理。
    Check it: python grade.py mlp_init_weights
    """
    # TODO
    raise NotImplementedError


def get_net():
    """Return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)),
    with init_weights applied.  返回 d2l 的多层感知机，并用 init_weights 初始化。
    Check it: python grade.py mlp_get_net
    """
    # TODO
    raise NotImplementedError
