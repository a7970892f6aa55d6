"""d2l 11.11 Learning rate scheduling (学习率调度器): schedulers, and LeNet trained with one on Fashion-MNIST.

A scheduler of d2l's is a callable object: scheduler(num_update) returns the rate for that update (or
epoch), counted from 0. The object keeps what it needs between calls in its attributes (FactorScheduler
changes self.base_lr on every call). train applies a scheduler after every epoch: torch's own
(torch.optim.lr_scheduler.MultiStepLR, ...) with scheduler.step(), d2l's by writing scheduler(epoch) into
every param_group['lr'] of the trainer. net_fn (d2l's LeNet with ReLU) is given.
d2l 的调度器是可调用对象：scheduler(num_update) 返回该次更新（从 0 开始计数）的学习率。
train 在每轮结束后应用调度器：torch 自带的调用 scheduler.step()，
d2l 的则把 scheduler(epoch) 写进 trainer 的每个 param_group['lr']。
"""

import math

import torch
from torch import nn
from torch.optim import lr_scheduler

from katas.sections import Sections

d2l = Sections(__file__, "ch3_6_softmax_scratch.py", "ch6_6_lenet.py")


def net_fn():
    """d2l 11.11's LeNet, with ReLU and max-pooling (given)."""
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))


def train(net, train_iter, test_iter, num_epochs, loss, trainer, device, scheduler=None):
    """Train net as d2l 11.11 (train_ch6 with a given trainer and loss): net.to(device); an Animator
    (xlabel='epoch', xlim=[0, num_epochs], legend=['train loss', 'train acc', 'test acc']); each epoch: a
    d2l.Accumulator(3) of loss * batch, correct predictions and examples; per batch net.train(),
    trainer.zero_grad(), the loss, backward, trainer.step(); every 50th batch animator.add(epoch + i /
    len(train_iter), (train_loss, train_acc, None)); after the epoch test_acc = d2l.evaluate_accuracy_gpu(net,
    test_iter), animator.add(epoch + 1, (None, None, test_acc)), then the scheduler: if
    scheduler.__module__ == lr_scheduler.__name__: scheduler.step(), else every param_group['lr'] =
    scheduler(epoch).

    每轮结束后应用调度器：torch 的调用 scheduler.step()，d2l 的把 scheduler(epoch) 写入每个 param_group['lr']。
    Check: python grade.py scheduled_train
    """
    # TODO
    raise NotImplementedError


class SquareRootScheduler:
    """lr * (num_update + 1) ** -0.5: d2l's square-root decay; num_update counts from 0.

    Check: python grade.py SquareRootScheduler
    """

    def __init__(self, lr=0.1):
        # TODO: store lr
        raise NotImplementedError

    def __call__(self, num_update):
        # TODO: return the rate for num_update (from 0)
        raise NotImplementedError


class FactorScheduler:
    """On every call multiply the current rate (self.base_lr, from base_lr) by factor, never going below
    stop_factor_lr, and return it: the first call returns base_lr * factor.

    每次调用把当前学习率乘以 factor（不低于 stop_factor_lr）并返回；第一次调用返回 base_lr * factor。
    Check: python grade.py FactorScheduler
    """

    def __init__(self, factor=1, stop_factor_lr=1e-7, base_lr=0.1):
        # TODO: store factor, stop_factor_lr and base_lr
        raise NotImplementedError

    def __call__(self, num_update):
        # TODO: update self.base_lr and return it
        raise NotImplementedError


class CosineScheduler:
    """d2l's cosine schedule with warm-up: for epoch < warmup_steps, a straight line from warmup_begin_lr
    (at 0) up towards base_lr (reached at warmup_steps): get_warmup_lr(epoch). From warmup_steps to
    max_update, final_lr + (base_lr - final_lr) * (1 + cos(pi * (epoch - warmup_steps) / max_steps)) / 2,
    max_steps = max_update - warmup_steps; after max_update it stays at final_lr (the last rate).

    先从 warmup_begin_lr 线性升到 base_lr（预热），再按余弦从 base_lr 降到 final_lr；max_update 之后保持不变。
    Check: python grade.py CosineScheduler
    """

    def __init__(self, max_update, base_lr=0.01, final_lr=0, warmup_steps=0, warmup_begin_lr=0):
        # TODO: store the arguments (d2l keeps base_lr as self.base_lr_orig) and max_steps
        raise NotImplementedError

    def get_warmup_lr(self, epoch):
        # TODO: the warm-up rate at epoch
        raise NotImplementedError

    def __call__(self, epoch):
        # TODO: the rate at epoch
        raise NotImplementedError
