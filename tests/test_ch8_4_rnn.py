"""Graded tests for d2l 8.4: the hidden state's update, as a sum of two products and as one product."""

import random

import pytest
import torch
from torch.utils._python_dispatch import TorchDispatchMode

from katas.checks import Mistake, close, expect, expect_tensor, fail
from katas.forbid import graders_mode

exercise = pytest.mark.exercise

PRODUCTS = ("mm", "addmm", "bmm", "mv", "dot", "matmul")


@graders_mode
class Ops(TorchDispatchMode):
    """Counts the matrix products and concatenations that run."""

    def __init__(self):
        super().__init__()
        self.products = self.cats = 0

    @classmethod
    def _should_skip_dynamo(cls) -> bool:
        return False

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        name = func.__name__.split(".")[0]
        self.products += name in PRODUCTS
        self.cats += name == "cat"
        return func(*args, **(kwargs or {}))


def _case(device):
    n, d, h = random.sample(range(2, 9), 3)  # all different: a swapped operand shows
    X, H = torch.randn(n, d, device=device), torch.randn(n, h, device=device)
    W_xh, W_hh, b_h = torch.randn(d, h, device=device), torch.randn(h, h, device=device), torch.randn(h, device=device)
    return X, H, W_xh, W_hh, b_h


def _mistakes(X, H, W_xh, W_hh, b_h):
    pre = X @ W_xh + H @ W_hh + b_h
    return [
        Mistake(lambda a: close(a, pre), "apply tanh to the sum: H = tanh(X W_xh + H W_hh + b_h)",
                "要对和取 tanh：H = tanh(X W_xh + H W_hh + b_h)"),
        Mistake(lambda a: close(a, torch.tanh(X @ W_xh + H @ W_hh)), "add the bias b_h before tanh",
                "tanh 之前要加上偏置 b_h"),
        Mistake(lambda a: close(a, torch.tanh(X @ W_xh + b_h)), "the state's own term is missing: add H @ W_hh, "
                "the memory of the steps before", "少了隐状态自身的项：要加上 H @ W_hh，即之前各步的记忆"),
    ]


@exercise("rnn_step")
def test_rnn_step(impl, device):
    X, H, W_xh, W_hh, b_h = _case(device)
    out = impl.rnn_step(X, H, W_xh, W_hh, b_h)
    expect_tensor(out, torch.tanh(X @ W_xh + H @ W_hh + b_h), f"rnn_step with X {tuple(X.shape)}, H {tuple(H.shape)}",
                  mistakes=_mistakes(X, H, W_xh, W_hh, b_h))


@exercise("rnn_step_concat")
def test_rnn_step_concat(impl, device):
    X, H, W_xh, W_hh, b_h = _case(device)
    what = f"rnn_step_concat with X {tuple(X.shape)}, H {tuple(H.shape)}"
    try:
        with Ops() as ops:
            out = impl.rnn_step_concat(X, H, W_xh, W_hh, b_h)
    except RuntimeError as e:
        if isinstance(e, NotImplementedError) or not any(w in str(e) for w in ("cannot be multiplied", "Sizes of")):
            raise
        fail(f"{what} failed ({e}): X and H go side by side, torch.cat((X, H), 1), and W_xh on top of W_hh, "
             "torch.cat((W_xh, W_hh), 0): (batch, inputs + hiddens) @ (inputs + hiddens, hiddens)",
             f"{what} 出错：X 与 H 并排拼接 torch.cat((X, H), 1)，W_xh 叠在 W_hh 上面 torch.cat((W_xh, W_hh), 0)")
    expect_tensor(out, torch.tanh(X @ W_xh + H @ W_hh + b_h), what, mistakes=_mistakes(X, H, W_xh, W_hh, b_h))
    expect(ops.products == 1 and ops.cats >= 2, f"{what} ran {ops.products} matrix products and {ops.cats} "
           "concatenations: the lesson is that one product of the concatenations, torch.cat((X, H), 1) @ "
           "torch.cat((W_xh, W_hh), 0), does the work of two",
           f"{what} 做了 {ops.products} 次矩阵乘法、{ops.cats} 次拼接：这一节要说明的是，拼接后的一次乘法 "
           "torch.cat((X, H), 1) @ torch.cat((W_xh, W_hh), 0) 等于两次乘法之和")
