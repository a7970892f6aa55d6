"""Graded tests for d2l 4.3, concise multilayer perceptrons."""

import random

import pytest
import torch
from torch import nn

from katas.checks import expect, expect_tensor, fail

exercise = pytest.mark.exercise

# As in test_ch4_2: three epochs, batch 256, the last at a tenth of the rate; a correct MLP reaches
# about 0.85 on every seed tried, 0.82 is needed.
LRS, BATCH, TARGET = (0.5, 0.5, 0.05), 256, 0.82


def train_and_evaluate(fashion_mnist, device, net):
    """Train net with torch.optim.SGD over the whole training set, one learning rate per epoch; test accuracy."""
    train_X, train_y, test_X, test_y = (t.to(device) for t in fashion_mnist)
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
    biases = [net[1].bias.detach().clone(), net[3].bias.detach().clone()]
    try:
        net.apply(impl.init_weights)
    except AttributeError as e:
        fail(f"net.apply(init_weights) raised AttributeError ({e}): it is called on Flatten and ReLU too; "
             "act only when type(m) == nn.Linear",
             f"net.apply(init_weights) 抛出 AttributeError（{e}）：Flatten 和 ReLU 也会被调用；"
             "只在 type(m) == nn.Linear 时处理")
    for i, m in enumerate((net[1], net[3])):
        w = m.weight.detach()
        mean, std = float(w.mean()), float(w.std())
        # std 1 with a mean of 0.01 (within 6 standard errors): 0.01 went in as the mean
        if abs(std - 1) < 0.05 and abs(mean - 0.01) < 6 / w.numel() ** 0.5:
            fail(f"Linear {i}'s weights have mean {mean:.3g} and std {std:.3g}: normal_(m.weight, 0.01) sets the "
                 "mean; pass std by keyword, nn.init.normal_(m.weight, std=0.01)",
                 f"第 {i} 个 Linear 的权重均值 {mean:.3g}、标准差 {std:.3g}：normal_(m.weight, 0.01) 设的是均值；"
                 "std 要用关键字 nn.init.normal_(m.weight, std=0.01)")
        expect(abs(std - 0.01) < 0.0005 and abs(mean) < 0.001,
               f"Linear {i}'s weights have mean {mean:.3g} and std {std:.3g}, expected N(0, 0.01)",
               f"第 {i} 个 Linear 的权重均值 {mean:.3g}、标准差 {std:.3g}，应服从 N(0, 0.01)")
        expect(torch.equal(m.bias.detach(), biases[i]), "init_weights changed a bias: d2l initialises the weights only",
               "init_weights 改动了偏置：d2l 只初始化权重")


# --- get_net ---------------------------------------------------------------------------------


@exercise("mlp_get_net")
def test_get_net_layers(impl):
    net = impl.get_net()
    kinds = [type(m).__name__ for m in net] if isinstance(net, nn.Sequential) else type(net).__name__
    if isinstance(net, nn.Sequential) and kinds[-1] in ("Softmax", "LogSoftmax"):
        fail("get_net ends with a softmax: nn.CrossEntropyLoss takes logits and applies log-softmax itself",
             "get_net 最后加了 softmax：nn.CrossEntropyLoss 接收 logits，自己会做 log-softmax")
    expect(kinds == ["Flatten", "Linear", "ReLU", "Linear"],
           f"get_net() has layers {kinds}, expected Flatten, Linear(784, 256), ReLU, Linear(256, 10)",
           f"get_net() 的层是 {kinds}，应为 Flatten、Linear(784, 256)、ReLU、Linear(256, 10)")
    expect((net[1].in_features, net[1].out_features, net[3].in_features, net[3].out_features) == (784, 256, 256, 10),
           f"get_net()'s layers are {net[1]} and {net[3]}: Linear(784, 256) and Linear(256, 10)",
           f"get_net() 的层是 {net[1]} 和 {net[3]}：应为 Linear(784, 256) 和 Linear(256, 10)")
    for i in (1, 3):
        std = float(net[i].weight.detach().std())
        expect(abs(std - 0.01) < 0.001, f"get_net()[{i}].weight has std {std:.3g}: apply init_weights (net.apply)",
               f"get_net()[{i}].weight 的标准差为 {std:.3g}：要 net.apply(init_weights)")
    X = torch.rand(random.randint(1, 6), 1, 28, 28)
    with torch.no_grad():
        expect_tensor(net(X), net[3](torch.relu(net[1](X.reshape(len(X), -1)))), "get_net()(X (B, 1, 28, 28))")
    expect(impl.get_net()[1] is not net[1], "get_net() returned the same layers twice: build a new net on every call",
           "get_net() 两次返回了相同的层：每次调用都要新建网络")


@exercise("mlp_get_net")
@pytest.mark.timeout(120)
def test_get_net_trains_on_fashion_mnist(impl, device, fashion_mnist):
    acc = train_and_evaluate(fashion_mnist, device, impl.get_net().to(device))
    expect(acc >= TARGET,
           f"after {len(LRS)} epochs of SGD (batch {BATCH}, lr {LRS}) get_net() reaches {acc:.3f} test accuracy; "
           f"a correct MLP reaches about 0.85 (needed: {TARGET})",
           f"用 SGD 训练 {len(LRS)} 轮（批量 {BATCH}，学习率 {LRS}）后 get_net() 的测试准确率为 {acc:.3f}；"
           f"正确的多层感知机约为 0.85（至少 {TARGET}）")
