"""Graded tests for d2l 4.3, concise multilayer perceptrons."""

import random

import pytest
import torch
from torch import nn

from katas.checks import Mistake, expect, expect_tensor, fail
from katas.testkit import apply_init, call, clears, raised, training_seed, training_subset

exercise = pytest.mark.exercise

# As in test_ch4_2: a fixed random 3,000 training images, 2 epochs at batch 32 (lr 0.3, then 0.1),
# 2,000 test images. benchmarks/seed_sweep.py (--seed and the training seed varied together): test accuracy
# over 1,000 seeds 0.665 at worst, 0.695 at the 1st percentile, 0.746 at the median; bar 0.55.
RUN = dict(train=3000, test=2000, lrs=(0.3, 0.1), batch=32, bar=0.55)
LRS, BATCH, TARGET = RUN["lrs"], RUN["batch"], RUN["bar"]


def train_and_evaluate(fashion_mnist, device, net):
    """Train net with torch.optim.SGD on RUN's training images, one learning rate per epoch; test accuracy."""
    train_X, train_y, test_X, test_y = training_subset(fashion_mnist, device, RUN)
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=LRS[0])
    net.train()
    for lr in LRS:
        for group in trainer.param_groups:
            group["lr"] = lr
        order = torch.randperm(len(train_X), device=device)
        for i in range(0, len(order), BATCH):
            j = order[i : i + BATCH]
            trainer.zero_grad()
            loss(net(train_X[j]), train_y[j]).mean().backward()
            trainer.step()
    net.eval()
    with torch.no_grad():
        correct = sum(int((net(test_X[i : i + 2500]).argmax(1) == test_y[i : i + 2500]).sum())
                      for i in range(0, len(test_X), 2500))
    return correct / len(test_X)


# --- init_weights ----------------------------------------------------------------------------


@exercise("mlp_init_weights")
def test_init_weights_on_every_linear(impl):
    sizes = [random.randint(200, 400), random.randint(200, 300), random.randint(100, 200)]
    net = nn.Sequential(nn.Flatten(), nn.Linear(sizes[0], sizes[1]), nn.ReLU(), nn.Linear(sizes[1], sizes[2]))
    before = [(m.weight.detach().clone(), m.bias.detach().clone()) for m in (net[1], net[3])]
    apply_init(net, impl.init_weights, "init_weights")
    for i, m in enumerate((net[1], net[3])):
        w = m.weight.detach()
        if torch.equal(w, before[i][0]):
            fail(f"test type(m) == nn.Linear (or isinstance(m, nn.Linear)): init_weights left Linear {i}'s weight "
                 "as it was, so its check never matched an nn.Linear",
                 f"请判断 type(m) == nn.Linear（或 isinstance(m, nn.Linear)）：init_weights 没有改动第 {i} 个 Linear "
                 "的权重，它的判断从未匹配到 nn.Linear")
        mean, std = float(w.mean()), float(w.std())
        # std 1 with a mean of 0.01 (within 6 standard errors): 0.01 went in as the mean
        if abs(std - 1) < 0.05 and abs(mean - 0.01) < 6 / w.numel() ** 0.5:
            fail(f"Linear {i}'s weights have mean {mean:.3g} and std {std:.3g}: normal_(m.weight, 0.01) sets the "
                 "mean; pass std by keyword, nn.init.normal_(m.weight, std=0.01)",
                 f"第 {i} 个 Linear 的权重均值 {mean:.3g}、标准差 {std:.3g}：normal_(m.weight, 0.01) 设的是均值；"
                 "std 要用关键字 nn.init.normal_(m.weight, std=0.01)")
        expect(abs(std - 0.01) < 0.0005 and abs(mean) < 0.001,
               f"Linear {i}'s weights have mean {mean:.3g} and std {std:.3g}, expected N(0, 0.01): "
               "nn.init.normal_(m.weight, std=0.01)",
               f"第 {i} 个 Linear 的权重均值 {mean:.3g}、标准差 {std:.3g}，应服从 N(0, 0.01)："
               "nn.init.normal_(m.weight, std=0.01)")
        expect(torch.equal(m.bias.detach(), before[i][1]),
               "initialise the weight only: init_weights changed a bias, which d2l leaves as it is",
               "只初始化权重：init_weights 改动了偏置，而 d2l 不动偏置")


# --- get_net ---------------------------------------------------------------------------------


def _get_net(impl):
    __tracebackhide__ = True
    net = call("get_net()", impl.get_net, mistakes=[
        Mistake(raised(TypeError, "is not a Module subclass"),
                "put layer objects in nn.Sequential, e.g. nn.ReLU(), not the class nn.ReLU",
                "nn.Sequential 里要放层的对象，如 nn.ReLU()，而不是类 nn.ReLU"),
        Mistake(raised(TypeError, "init_weights() missing 1 required positional argument"),
                "pass init_weights itself, net.apply(init_weights), without (): apply calls it on every module",
                "把函数本身传进去：net.apply(init_weights)，不要加 ()；apply 会对每个模块调用它"),
    ])
    expect(net is not None, "get_net() returned None: end with return net", "get_net() 返回了 None：最后要 return net")
    return net


@exercise("mlp_get_net")
def test_get_net_layers(impl):
    net = _get_net(impl)
    kinds = [type(m).__name__ for m in net] if isinstance(net, nn.Sequential) else type(net).__name__
    if isinstance(net, nn.Sequential) and kinds[-1] in ("Softmax", "LogSoftmax"):
        fail("get_net ends with a softmax: nn.CrossEntropyLoss takes logits and applies log-softmax itself",
             "get_net 最后加了 softmax：nn.CrossEntropyLoss 接收 logits，自己会做 log-softmax")
    if kinds == ["Linear", "ReLU", "Linear"]:
        fail("start with nn.Flatten(): the images come as (batch, 1, 28, 28), and Linear(784, 256) needs rows of 784",
             "开头要有 nn.Flatten()：图像的形状是 (batch, 1, 28, 28)，而 Linear(784, 256) 需要长度 784 的行")
    expect(kinds == ["Flatten", "Linear", "ReLU", "Linear"],
           f"get_net() has layers {kinds}, expected Flatten, Linear(784, 256), ReLU, Linear(256, 10)",
           f"get_net() 的层是 {kinds}，应为 Flatten、Linear(784, 256)、ReLU、Linear(256, 10)")
    expect((net[1].in_features, net[1].out_features, net[3].in_features, net[3].out_features) == (784, 256, 256, 10),
           f"get_net()'s layers are {net[1]} and {net[3]}: Linear(784, 256) and Linear(256, 10)",
           f"get_net() 的层是 {net[1]} 和 {net[3]}：应为 Linear(784, 256) 和 Linear(256, 10)")
    for i in (1, 3):
        std = float(net[i].weight.detach().std())
        expect(abs(std - 0.01) < 0.001,
               f"apply init_weights, net.apply(init_weights): get_net()[{i}].weight has std {std:.3g}, not 0.01",
               f"要 net.apply(init_weights)：get_net()[{i}].weight 的标准差为 {std:.3g}，不是 0.01")
    X = torch.rand(random.randint(1, 6), 1, 28, 28)
    with torch.no_grad():
        expect_tensor(net(X), net[3](torch.relu(net[1](X.reshape(len(X), -1)))), "get_net()(X (B, 1, 28, 28))")
    expect(impl.get_net()[1] is not net[1], "build a new net on every call: get_net() returned the same layers twice "
           "(a net built once at module level, as in d2l?)",
           "每次调用都要新建网络：get_net() 两次返回了相同的层（像 d2l 那样在模块顶层只建了一次？）")


@exercise("mlp_get_net")
@pytest.mark.timeout(120)
@pytest.mark.real_devices
def test_get_net_trains_on_fashion_mnist(impl, device, fashion_mnist):
    torch.manual_seed(training_seed())  # the init and the shuffling: the same run every time
    acc = train_and_evaluate(fashion_mnist, device, _get_net(impl).to(device))
    expect(clears(acc, TARGET),
           f"after {len(LRS)} epochs of SGD (batch {BATCH}, lr {LRS}) get_net() reaches {acc:.3f} test accuracy; "
           f"a correct MLP reaches {TARGET} here",
           f"用 SGD 训练 {len(LRS)} 轮（批量 {BATCH}，学习率 {LRS}）后 get_net() 的测试准确率为 {acc:.3f}；"
           f"正确的多层感知机在这里能达到 {TARGET}")
