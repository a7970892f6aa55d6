"""The from-scratch guard catches a shortcut however it is reached, and only while active."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.functional import mse_loss as aliased_mse
from torch.optim.sgd import sgd as functional_sgd

from katas.forbid import ForbiddenCall, forbidden, guarded, guarded_class

X, Y = torch.randn(4, 3), torch.randn(4, 3)
IMG = torch.randn(2, 3, 8, 8)
LABELS = torch.tensor([0, 1, 2, 1])
DISABLE_DISPATCH = torch._C._DisableTorchDispatch  # bound before any guard, as hostile code would


def _nll_without_torch_function():
    with torch._C.DisableTorchFunction():
        return F.nll_loss(X, LABELS)


def _functional_sgd():
    p = torch.zeros(3)
    functional_sgd([p], [torch.ones(3)], [None], weight_decay=0.0, momentum=0.0, lr=0.1, dampening=0.0,
                   nesterov=False, maximize=False)


CALLS = {
    "F.mse_loss": ("mse_loss", lambda: F.mse_loss(X, Y)),
    "aliased mse_loss": ("mse_loss", lambda: aliased_mse(X, Y)),
    "nn.MSELoss()": ("mse_loss", lambda: nn.MSELoss()(X, Y)),
    "torch.softmax": ("softmax", lambda: torch.softmax(X, 1)),
    "F.softmax": ("softmax", lambda: F.softmax(X, dim=1)),
    "Tensor.softmax": ("softmax", lambda: X.softmax(1)),
    "F.log_softmax": ("softmax", lambda: F.log_softmax(X, 1)),
    "torch.ops.aten.softmax.int": ("softmax", lambda: torch.ops.aten.softmax.int(X, 1)),
    "torch.ops.aten._softmax": ("softmax", lambda: torch.ops.aten._softmax(X, 1, False)),
    "F.cross_entropy": ("cross_entropy", lambda: F.cross_entropy(X, LABELS)),
    "nn.CrossEntropyLoss()": ("cross_entropy", lambda: nn.CrossEntropyLoss(reduction="none")(X, LABELS)),
    "F.nll_loss in DisableTorchFunction": ("cross_entropy", _nll_without_torch_function),
    "torch.optim.SGD": ("optim", lambda: torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)),
    "torch.optim.Adam": ("optim", lambda: torch.optim.Adam([torch.zeros(1, requires_grad=True)])),
    "functional torch.optim.sgd.sgd": ("optim", _functional_sgd),
    "F.conv2d": ("conv2d", lambda: F.conv2d(IMG, torch.randn(4, 3, 3, 3))),
    "nn.Conv2d": ("conv2d", lambda: nn.Conv2d(3, 4, 3)(IMG)),
    "torch.conv2d": ("conv2d", lambda: torch.conv2d(IMG, torch.randn(4, 3, 3, 3))),
    "F.unfold (conv)": ("conv2d", lambda: F.unfold(IMG, 2)),
    "F.max_pool2d": ("pool2d", lambda: F.max_pool2d(IMG, 2)),
    "nn.AvgPool2d": ("pool2d", lambda: nn.AvgPool2d(2)(IMG)),
    "F.adaptive_max_pool2d": ("pool2d", lambda: F.adaptive_max_pool2d(IMG, 3)),
    "F.unfold (pool)": ("pool2d", lambda: F.unfold(IMG, 2)),
    "F.batch_norm": ("batch_norm", lambda: F.batch_norm(IMG, torch.zeros(3), torch.ones(3), training=True)),
    "nn.BatchNorm2d": ("batch_norm", lambda: nn.BatchNorm2d(3)(IMG)),
    "nn.BatchNorm1d eval": ("batch_norm", lambda: nn.BatchNorm1d(3).eval()(X)),
    "torch.var_mean": ("batch_norm", lambda: torch.var_mean(IMG, (0, 2, 3))),
}


@pytest.mark.parametrize("what", CALLS)
def test_shortcut_is_refused_with_its_name(what):
    key, call = CALLS[what]
    with forbidden((key,), "my_exercise"), pytest.raises(ForbiddenCall) as e:
        call()
    assert "my_exercise called" in e.value.en and "from-scratch" in e.value.en
    call()  # allowed again once the block is left


def test_plain_tensor_arithmetic_is_allowed():
    with forbidden(("mse_loss", "softmax", "cross_entropy", "optim", "conv2d", "pool2d", "batch_norm"), "ex"):
        e = torch.exp(X - X.max(1, keepdim=True).values)
        p = e / e.sum(1, keepdim=True)
        (-torch.log(p[range(4), LABELS])).mean()
        ((X - Y) ** 2 / 2).sum()
        torch.logsumexp(X, 1)
        IMG.unfold(2, 2, 2).unfold(3, 2, 2).amax((-1, -2))  # pooling written with a strided view
        IMG.mean((0, 2, 3), keepdim=True), IMG.var((0, 2, 3), unbiased=False)
        w = torch.zeros(3, requires_grad=True)
        (w * 2).sum().backward()
        with torch.no_grad():
            w -= 0.1 * w.grad


def test_other_keys_do_not_forbid():
    with forbidden(("mse_loss",), "ex"):
        torch.softmax(X, 1)
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


def test_switching_dispatch_off_is_caught_by_the_graph():
    """Code that leaves the mode still leaves SoftmaxBackward0 in what it returns."""

    def sneaky(x):
        with DISABLE_DISPATCH():
            return F.softmax(x, 1)

    with pytest.raises(ForbiddenCall, match="softmax"):
        guarded(sneaky, ("softmax",), "softmax")(X.clone().requires_grad_())
    with pytest.raises(ForbiddenCall, match="DisableTorchDispatch"):  # reached through the attribute
        guarded(lambda x: torch._C._DisableTorchDispatch(), ("softmax",), "softmax")(X)


def test_graph_nodes_the_inputs_brought_are_not_the_learners():
    x = F.softmax(X.clone().requires_grad_(), 1)  # the test's own softmax, upstream of the call
    assert guarded(lambda t: t * 2, ("softmax",), "ex")(x).shape == X.shape


def test_popping_the_guard_is_caught():
    from torch.utils._python_dispatch import _pop_mode

    with pytest.raises(ForbiddenCall, match="stepped out"), forbidden(("softmax",), "ex"):
        _pop_mode()


def test_a_layer_class_is_guarded_in_init_and_forward():
    class BN(nn.Module):
        def __init__(self):
            super().__init__()
            self.bn = nn.BatchNorm2d(3)  # building it is fine; running it is not

        def forward(self, x):
            return self.bn(x)

    Guarded = guarded_class(BN, ("batch_norm",), "BatchNorm")
    layer = Guarded()
    assert isinstance(layer, BN) and Guarded.__name__ == "BN"
    with pytest.raises(ForbiddenCall, match="BatchNorm called"):
        layer(IMG)
