"""Graded tests for d2l 11.11, learning-rate scheduling: the square-root, factor and cosine (warm-up)
schedulers, and LeNet's training loop that applies a scheduler after every epoch, judged against the
reference trained from the same start on a small Fashion-MNIST subset."""

import math
import random

import pytest
import torch
from torch import nn

from katas.checks import expect, expect_tensor, fail
from katas.explain import original
from katas.testkit import D2L, Batches, FakeAnimator, keep_picture, training_seed, training_subset

exercise = pytest.mark.exercise


def _rates(scheduler, n, what):
    __tracebackhide__ = True
    try:
        return [float(scheduler(k)) for k in range(n)]
    except ZeroDivisionError as e:
        fail(f"{what}(0) divided by zero: updates count from 0, so the first is num_update = 0; d2l computes "
             f"lr * pow(num_update + 1.0, -0.5) ({original(e)})",
             f"{what}(0) 除以了零：更新从 0 开始计数，第一次 num_update = 0；d2l 算的是 lr * pow(num_update + 1.0, "
             "-0.5)")


def _close(a, b):
    return all(math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-12) for x, y in zip(a, b, strict=True))


@exercise("SquareRootScheduler")
def test_square_root_scheduler(impl):
    lr, n = random.uniform(0.05, 1.0), random.randint(5, 30)
    got = _rates(impl.SquareRootScheduler(lr), n, f"SquareRootScheduler(lr={lr:.3g})")
    want = [lr * (k + 1.0) ** -0.5 for k in range(n)]
    if _close(got[1:], [lr * k ** -0.5 for k in range(1, n)]):
        fail("SquareRootScheduler computes from num_update as if it counted from 1: updates count from 0, and "
             "the rate at num_update is lr * pow(num_update + 1.0, -0.5)",
             "SquareRootScheduler 把 num_update 当成从 1 开始计数：更新从 0 开始，学习率为 lr * pow(num_update + 1.0, "
             "-0.5)")
    if _close(got, [lr * (k + 2.0) ** -0.5 for k in range(n)]):
        fail("SquareRootScheduler is one update late: the first rate (num_update = 0) is lr itself, "
             "lr * pow(num_update + 1.0, -0.5)", "SquareRootScheduler 晚了一步：第一个学习率（num_update = 0）就是 lr "
                                                 "本身")
    expect(_close(got, want), f"SquareRootScheduler(lr={lr:.3g}) gave {[round(v, 5) for v in got[:4]]}..., expected "
           f"{[round(v, 5) for v in want[:4]]}...: lr * pow(num_update + 1.0, -0.5)",
           f"SquareRootScheduler(lr={lr:.3g}) 给出 {[round(v, 5) for v in got[:4]]}...，应为 "
           f"{[round(v, 5) for v in want[:4]]}...")


@exercise("FactorScheduler")
def test_factor_scheduler(impl):
    factor, base, stop = random.uniform(0.5, 0.95), random.uniform(0.5, 2.0), random.uniform(0.01, 0.1)
    n = math.ceil(math.log(stop / base) / math.log(factor)) + 10  # long enough to reach the floor on every seed
    got = _rates(impl.FactorScheduler(factor, stop, base), n, "FactorScheduler")
    want, rate = [], base
    for _ in range(n):
        rate = max(stop, rate * factor)
        want.append(rate)
    what = f"FactorScheduler(factor={factor:.3g}, stop_factor_lr={stop:.3g}, base_lr={base:.3g})"
    if _close(got[1:], want[:-1]) and math.isclose(got[0], base):
        fail(f"{what} returned base_lr on its first call: multiply first, self.base_lr = max(stop_factor_lr, "
             "self.base_lr * factor), then return it", f"{what} 第一次调用返回了 base_lr：先乘，再返回")
    if min(got) < stop * (1 - 1e-6):
        fail(f"{what} went below stop_factor_lr, down to {min(got):.3g}: keep max(self.stop_factor_lr, ...)",
             f"{what} 低于 stop_factor_lr，降到了 {min(got):.3g}：要取 max(self.stop_factor_lr, ...)")
    if len(set(got)) == 1:
        fail(f"{what} returned {got[0]:.3g} every time: keep the new rate in self.base_lr, so the next call starts "
             "from "
             "it (a local variable is gone when the call returns)", f"{what} 每次都返回 {got[0]:.3g}："
                                                                    "要把新的学习率存进 "
             "self.base_lr，下一次调用从它开始")
    expect(_close(got, want), f"{what} gave {[round(v, 4) for v in got[:4]]}..., expected "
                              f"{[round(v, 4) for v in want[:4]]}...",
           f"{what} 给出 {[round(v, 4) for v in got[:4]]}...，应为 {[round(v, 4) for v in want[:4]]}...")


def _cosine(max_update, base, final, warm, begin):
    def rate(e):
        if e < warm:
            return begin + (base - begin) * e / warm
        e = min(e, max_update)
        return final + (base - final) * (1 + math.cos(math.pi * (e - warm) / (max_update - warm))) / 2
    return rate


@exercise("CosineScheduler")
def test_cosine_scheduler(impl, close_figures):
    max_update, warm = random.randint(15, 40), random.randint(3, 8)
    base, final = random.uniform(0.1, 0.5), random.uniform(0.0, 0.05)
    begin = random.uniform(0.0, final)
    n = max_update + 5  # past max_update: the rate stays at final_lr
    got = _rates(impl.CosineScheduler(max_update, base, final, warm, begin), n, "CosineScheduler")
    want = [_cosine(max_update, base, final, warm, begin)(e) for e in range(n)]
    what = (f"CosineScheduler(max_update={max_update}, base_lr={base:.3g}, final_lr={final:.3g}, warmup_steps={warm}, "
            f"warmup_begin_lr={begin:.3g})")
    up = got[:warm]
    if warm > 1 and all(b < a for a, b in zip(up, up[1:], strict=False)):
        fail(f"{what}'s warm-up goes the wrong way, down from {up[0]:.3g}: it rises in a straight line from "
             "warmup_begin_lr towards base_lr, warmup_begin_lr + (base_lr - warmup_begin_lr) * epoch / warmup_steps",
             f"{what} 的预热方向反了（从 {up[0]:.3g} 往下）：应从 warmup_begin_lr 线性升向 base_lr")
    no_shift = [_cosine(max_update + warm, base, final, warm, begin)(e) if e < warm else
                final + (base - final) * (1 + math.cos(math.pi * min(e, max_update) / (max_update - warm))) / 2
                for e in range(n)]
    if _close(got[warm:max_update], no_shift[warm:max_update]):
        fail(f"{what}'s cosine starts at epoch 0, not after the warm-up: use epoch - warmup_steps, so the cosine "
             "begins at base_lr when the warm-up ends", f"{what} 的余弦从第 0 轮开始而不是从预热结束时开始：要用 epoch "
                                                        "- warmup_steps")
    expect_tensor(torch.tensor(got, dtype=torch.float64), torch.tensor(want, dtype=torch.float64),
                  f"the rates of {what} at epochs 0..{n - 1}", rtol=1e-6)
    from katas.plotting import pyplot

    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    plt.plot(range(n), got)
    plt.xlabel("epoch")
    plt.ylabel("learning rate")
    plt.title(f"CosineScheduler, warm-up {warm}")
    keep_picture("CosineScheduler", plt.gcf())


# --- train ------------------------------------------------------------------------------------


class _Schedule:
    """A d2l-style scheduler that records the epochs it was called with."""

    def __init__(self, rates):
        self.rates, self.calls = rates, []

    def __call__(self, epoch):
        self.calls.append(epoch)
        return self.rates[epoch] if 0 <= epoch < len(self.rates) else 1e-9


def _run(section, net, data, scheduler_of, num_epochs):
    trainer = torch.optim.SGD(net.parameters(), lr=0.2)
    scheduler = scheduler_of(trainer)
    train_X, train_y, test_X, test_y = data
    torch.manual_seed(training_seed())
    FakeAnimator.last = None
    section.train(net, Batches(train_X, train_y, 32, shuffle=True), Batches(test_X, test_y, 128), num_epochs,
                  nn.CrossEntropyLoss(), trainer, "cpu", scheduler)
    return trainer, scheduler, FakeAnimator.last


@exercise("scheduled_train")
def test_train_with_a_d2l_scheduler(impl, ref, monkeypatch, fashion_mnist):
    """Two epochs on 256 images: the same weights as the reference from the same start, the schedule applied."""
    data = training_subset(fashion_mnist, "cpu", {"train": 256, "test": 128})
    monkeypatch.setattr(impl._module, "d2l", D2L(impl._module.d2l, Animator=FakeAnimator))
    monkeypatch.setattr(ref, "d2l", D2L(ref.d2l, Animator=FakeAnimator))
    torch.manual_seed(training_seed())
    start = ref.net_fn()
    nets = [ref.net_fn(), ref.net_fn()]
    for net in nets:
        net.load_state_dict(start.state_dict())
    rates = [0.1, 0.05, 0.02]
    trainer, schedule, animator = _run(impl, nets[0], data, lambda t: _Schedule(rates), 2)
    if schedule.calls == [1, 2]:
        fail("train called the scheduler with epochs 1, 2: epochs count from 0, scheduler(epoch) after epoch "
             "`epoch` of range(num_epochs)", "train 以 1, 2 调用了调度器：轮次从 0 开始，每轮结束后调用 "
                                             "scheduler(epoch)")
    expect(schedule.calls == [0, 1], f"train called the d2l scheduler with {schedule.calls} in 2 epochs: once after "
           "each epoch, scheduler(epoch) for epoch 0 and 1", f"train 在 2 轮中以 {schedule.calls} 调用了调度器："
                                                             "每轮结束后调用一次")
    lrs = [g["lr"] for g in trainer.param_groups]
    expect(all(math.isclose(v, rates[1]) for v in lrs), f"after training, the trainer's lr is {lrs}, expected "
           f"{rates[1]} (what scheduler(1) returned): write it into every param_group['lr']",
           f"训练之后 trainer 的 lr 为 {lrs}，应为 {rates[1]}：要写入每个 param_group['lr']")
    expect(animator is not None and len(animator.points) >= 2, "train drew no test accuracy: animator.add(epoch + 1, "
           "(None, None, test_acc)) after every epoch", "train 没有记录测试精度：每轮结束后 animator.add(epoch + 1, "
                                                        "(None, None, "
                                                        "test_acc))")
    _, _, ref_animator = _run(ref, nets[1], data, lambda t: _Schedule(rates), 2)
    for (name, p), q in zip(nets[0].named_parameters(), nets[1].parameters(), strict=True):
        expect_tensor(p.detach(), q.detach(), f"LeNet's {name} after train's 2 epochs (from the reference's start, "
                      "the same batches)", atol=1e-4, rtol=1e-3)
    expect(animator.points == ref_animator.points, f"train's plotted points differ from d2l's: "
           f"{animator.points[-1]} against {ref_animator.points[-1]} (the test accuracy of epoch 2)",
           f"train 画出的点与 d2l 的不同：{animator.points[-1]}，应为 {ref_animator.points[-1]}")


@exercise("scheduled_train")
def test_train_with_a_torch_scheduler(impl, ref, monkeypatch, fashion_mnist):
    """torch's MultiStepLR is stepped once per epoch (its own step counts the epochs)."""
    data = training_subset(fashion_mnist, "cpu", {"train": 64, "test": 32})
    monkeypatch.setattr(impl._module, "d2l", D2L(impl._module.d2l, Animator=FakeAnimator))
    torch.manual_seed(training_seed())
    trainer, scheduler, _ = _run(impl, ref.net_fn(), data,
                                 lambda t: torch.optim.lr_scheduler.MultiStepLR(t, milestones=[1, 2], gamma=0.5), 3)
    expect(scheduler.last_epoch == 3, f"train stepped torch's MultiStepLR {scheduler.last_epoch} times in 3 epochs: "
           "scheduler.step() once after each epoch (scheduler.__module__ == lr_scheduler.__name__ tells torch's "
           "schedulers from d2l's)", f"3 轮中 train 调用了 MultiStepLR.step() {scheduler.last_epoch} 次："
                                     "每轮结束后调用一次")
    expect(math.isclose(trainer.param_groups[0]["lr"], 0.05), f"after 3 epochs with MultiStepLR(milestones=[1, 2], "
           f"gamma=0.5) from lr 0.2 the lr is {trainer.param_groups[0]['lr']:.3g}, expected 0.05",
           f"3 轮后学习率为 {trainer.param_groups[0]['lr']:.3g}，应为 0.05")
