"""The from-scratch guard catches a shortcut however it is reached, and only while active."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.functional import mse_loss as aliased_mse

from katas.forbid import ForbiddenCall, forbidden

X, Y = torch.randn(4, 3), torch.randn(4, 3)
LABELS = torch.tensor([0, 1, 2, 1])

CALLS = {
    "F.mse_loss": ("mse_loss", lambda: F.mse_loss(X, Y)),
    "aliased mse_loss": ("mse_loss", lambda: aliased_mse(X, Y)),
    "nn.MSELoss()": ("mse_loss", lambda: nn.MSELoss()(X, Y)),
    "torch.softmax": ("softmax", lambda: torch.softmax(X, 1)),
    "F.softmax": ("softmax", lambda: F.softmax(X, dim=1)),
    "Tensor.softmax": ("softmax", lambda: X.softmax(1)),
    "F.log_softmax": ("softmax", lambda: F.log_softmax(X, 1)),
    "F.cross_entropy": ("cross_entropy", lambda: F.cross_entropy(X, LABELS)),
    "nn.CrossEntropyLoss()": ("cross_entropy", lambda: nn.CrossEntropyLoss(reduction="none")(X, LABELS)),
    "torch.optim.SGD": ("optim", lambda: torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)),
    "torch.optim.Adam": ("optim", lambda: torch.optim.Adam([torch.zeros(1, requires_grad=True)])),
}


@pytest.mark.parametrize("what", CALLS)
def test_shortcut_is_refused_with_its_name(what):
    key, call = CALLS[what]
    with forbidden((key,), "my_exercise"), pytest.raises(ForbiddenCall) as e:
        call()
    assert "my_exercise called" in e.value.en and "from-scratch" in e.value.en
    call()  # allowed again once the block is left


def test_plain_tensor_arithmetic_is_allowed():
    with forbidden(("mse_loss", "softmax", "cross_entropy", "optim"), "ex"):
        e = torch.exp(X - X.max(1, keepdim=True).values)
        p = e / e.sum(1, keepdim=True)
        (-torch.log(p[range(4), LABELS])).mean()
        ((X - Y) ** 2 / 2).sum()


def test_other_keys_do_not_forbid():
    with forbidden(("mse_loss",), "ex"):
        torch.softmax(X, 1)
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
