"""d2l 5.2 Parameter management (参数管理)."""

from torch import nn


def layer_params(net, i):
    """(weight, bias) of net[i]: the nn.Parameter objects themselves, so .grad and updates are the layer's."""
    return net[i].weight, net[i].bias


def named_shapes(net):
    """[(name, shape)] of every parameter, nested blocks included (names like '0.block 1.2.weight')."""
    return [(name, param.shape) for name, param in net.named_parameters()]


def block1():
    """Linear(4, 8), ReLU, Linear(8, 4), ReLU."""
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())


def block2():
    """Four block1()s, registered as 'block 0' ... 'block 3'."""
    net = nn.Sequential()
    for i in range(4):
        net.add_module(f"block {i}", block1())  # named children: rgnet's keys read '0.block 2.0.weight'
    return net


def init_normal(m):
    """Linear weights ~ N(0, 0.01), biases 0."""
    if type(m) == nn.Linear:  # noqa: E721 (d2l's test: exactly Linear)
        nn.init.normal_(m.weight, mean=0, std=0.01)
        nn.init.zeros_(m.bias)


def init_constant(m):
    """Linear weights 1, biases 0."""
    if type(m) == nn.Linear:  # noqa: E721
        nn.init.constant_(m.weight, 1)
        nn.init.zeros_(m.bias)


def init_xavier(m):
    """Linear weights Xavier-uniform; biases untouched."""
    if type(m) == nn.Linear:  # noqa: E721
        nn.init.xavier_uniform_(m.weight)


def init_42(m):
    """Linear weights all 42; biases untouched."""
    if type(m) == nn.Linear:  # noqa: E721
        nn.init.constant_(m.weight, 42)


def my_init(m):
    """Linear weights ~ U(-10, 10), then zero wherever |w| < 5; biases untouched."""
    if type(m) == nn.Linear:  # noqa: E721
        nn.init.uniform_(m.weight, -10, 10)
        m.weight.data *= m.weight.data.abs() >= 5  # in place, on .data: autograd must not record an init


def shared_net(num_inputs=4, num_hiddens=8):
    """d2l's net whose layers 2 and 4 are one nn.Linear(num_hiddens, num_hiddens) object."""
    shared = nn.Linear(num_hiddens, num_hiddens)
    return nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.ReLU(),
                         shared, nn.ReLU(),
                         shared, nn.ReLU(),  # the same object: one weight, gradients from both uses add up
                         nn.Linear(num_hiddens, 1))
