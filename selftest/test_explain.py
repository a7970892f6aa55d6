"""katas.explain names the common torch and Python errors: each is produced here by a real call."""

from __future__ import annotations

import importlib
import sys

import pytest
import torch
from torch import nn

from katas.catalog import ROOT
from katas.explain import LIMIT, explain, inplace_on_leaf, kind, missing_super_init


def raised(f) -> BaseException:
    try:
        f()
    except BaseException as e:  # noqa: BLE001 (any exception is what is being examined)
        return e
    raise AssertionError("expected an exception")


class NoSuper(nn.Module):
    def __init__(self):  # forgets super().__init__()
        self.hidden = nn.Linear(2, 2)


class NoSuperParam(nn.Module):
    def __init__(self):
        self.weight = nn.Parameter(torch.ones(2))


class NoInitAtAll(nn.Module):
    def __init__(self):  # "only forward does work": no __init__ body, no super().__init__()
        pass

    def forward(self, X):
        return X - X.mean()


def _no_grad_uncalled():
    with torch.no_grad:
        pass


def _save_swapped(tmp_path):
    return raised(lambda: torch.save(str(tmp_path / "x.pt"), torch.ones(2)))


def _axes_not_wrapped():
    from katas.plotting import pyplot

    plt = pyplot()
    _, axes = plt.subplots(1, 1)
    try:
        axes[0].cla()  # d2l's Animator without `self.axes = [self.axes]`
    finally:
        plt.close("all")


def _no_ipython(monkeypatch):
    for name in [m for m in sys.modules if m == "IPython" or m.startswith("IPython.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "path", [])  # as if IPython were not installed
    return raised(lambda: importlib.import_module("IPython"))


X, w, w_vec = torch.randn(5, 3), torch.randn(3, 1), torch.randn(3)
leaf = torch.randn(3, requires_grad=True)
net = nn.Linear(3, 2)

CASES = {
    # name: (exception maker, words the English message must contain)
    "swapped operands": (lambda: torch.matmul(w, X), "operands of the matrix product are swapped"),
    "vector first": (lambda: torch.matmul(w_vec, X), "swapped"),
    "weight not transposed": (lambda: X @ torch.randn(4, 3), "needs transposing"),
    "images not flattened": (lambda: nn.Linear(784, 10)(torch.rand(2, 1, 28, 28)), "not flattened"),
    "other product shapes": (lambda: X @ torch.randn(4, 7), "shapes of a matrix product do not fit"),
    "mm with a vector": (lambda: X.mm(w_vec), "use torch.matmul(X, w)"),
    "matrix-vector": (lambda: torch.mv(X, torch.randn(4)), "matrix-vector product"),
    "in-place on a leaf": (lambda: leaf.add_(1), "under `with torch.no_grad():`"),
    "in-place on a view of a leaf": (lambda: leaf.__setitem__(0, 1.0), "under `with torch.no_grad():`"),
    "numpy of a tensor that requires grad": (lambda: leaf.numpy(), "detach()"),
    "backward on many losses": (lambda: (leaf * 2).backward(), "l.sum().backward()"),
    "backward on nothing": (lambda: torch.randn(3).sum().backward(), "requires_grad=True"),
    "layer before super().__init__()": (NoSuper, "must call super().__init__() first"),
    "parameter before super().__init__()": (NoSuperParam, "must call super().__init__() first"),
    "forward without super().__init__()": (lambda: NoInitAtAll()(X), "NoInitAtAll.__init__ must call super()"),
    "parameters() without super().__init__()": (lambda: list(NoInitAtAll().parameters()), "super().__init__()"),
    "optimizer given the method": (lambda: torch.optim.SGD(net.parameters, lr=0.1), "net.parameters()"),
    "method iterated": (lambda: list(net.parameters), "a method was passed"),
    "method in arithmetic": (lambda: 0.1 * net.parameters, "a method was passed"),
    "method subscripted": (lambda: X.size[0], "a method was passed"),
    "Axes not in a list": (_axes_not_wrapped, "wrap it in a list"),
    "no_grad without ()": (_no_grad_uncalled, "`with torch.no_grad():`"),
    "max without .values": (lambda: X - X.max(dim=1, keepdim=True), ".values"),
    "method of a max pair": (lambda: X.max(1).exp(), "X.max(dim) returns a pair"),
    "^ for a power": (lambda: (X - 1) ^ 2, "** 2"),
    "device mismatch": (lambda: torch.ones(2) + torch.ones(2, device="meta"), "device=features.device"),
    "window not summed": (lambda: torch.zeros(2, 2).__setitem__((0, 0), torch.ones(2, 2)), "reduce it to one number"),
    "cat on dim 0": (lambda: torch.cat((torch.ones(1, 2, 3, 3), torch.ones(1, 3, 3, 3))), "dim=1"),
    "a pair in //": (lambda: ((3, 5) - 1) // 2, "kernel_size (like padding and stride) may be an int or a pair"),
    "an int // a pair": (lambda: 2 * 3 // (3, 5), "may be an int or a pair"),
}


@pytest.mark.parametrize("case", CASES)
def test_real_error_is_named_first_then_shown(case):
    make, words = CASES[case]
    e = raised(make)
    said = explain(e, ("exercise_name",))
    assert said is not None, f"{case}: not recognised: {type(e).__name__}: {e}"
    en, zh = said
    assert words in en, f"{case}: {en}"
    first = str(e).strip().splitlines()[0]
    assert en.endswith(")") and f"({type(e).__name__}: {first[:40]}" in en, "the original exception comes after"
    assert en.index(words) < en.index(type(e).__name__), "the sentence that names the fix comes first"
    assert f"（{type(e).__name__}:" in zh and any("\u4e00" <= c <= "\u9fff" for c in zh)
    assert len(en) < 600


def test_torch_save_argument_order(tmp_path):
    en, zh = explain(_save_swapped(tmp_path))
    assert en.startswith("torch.save takes the object first") and "torch.save(obj, fname)" in zh


def test_ipython_missing(monkeypatch):
    e = _no_ipython(monkeypatch)
    assert isinstance(e, ModuleNotFoundError)
    en, _ = explain(e)
    assert "in_jupyter()" in en and "pyplot()" in en and "No module named 'IPython'" in en


def test_a_d2l_helper_this_workbook_lacks():
    from katas.sections import Sections

    d2l = Sections(str(ROOT / "exercises" / "x.py"), "ch3_5_fashion_mnist.py")
    en, zh = explain(raised(lambda: d2l.set_axes))
    assert en.startswith("d2l.set_axes is not part of this workbook's d2l") and "ch3_5_fashion_mnist.py" in zh
    assert "pyplot()" in explain(raised(lambda: d2l.plt))[0]


def test_cuda_device_mismatch_text():
    """No GPU here: torch's CUDA wording, as it prints it, must be named too."""
    for text in ("Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!",
                 "Expected all tensors to be on the same device, but got mat2 is on cpu, different from other "
                 "tensors on cuda:0 (when checking argument in method wrapper_CUDA_mm)"):
        assert "create new tensors on the inputs' device" in explain(RuntimeError(text))[0]


def test_unknown_errors_are_left_alone():
    assert explain(raised(lambda: int("x"))) is None
    assert explain(raised(lambda: torch.ones(2) + torch.ones(3))) is None  # broadcasting: the tests name those
    assert explain(raised(lambda: {}["k"])) is None


def test_long_exceptions_are_shortened():
    text = "a leaf Variable that requires grad is being used in an in-place operation." + "x" * 500
    en, _ = explain(RuntimeError(text))
    assert en.endswith("…)") and len(en) < 300 + LIMIT


def test_predicates_shared_with_the_tests():
    assert inplace_on_leaf(raised(lambda: leaf.add_(1)))
    assert not inplace_on_leaf(raised(lambda: torch.matmul(w, X)))
    assert missing_super_init(raised(NoSuper)) and missing_super_init(raised(lambda: NoInitAtAll()(X)))


def test_kind_tells_the_product_cases_apart():
    assert kind(raised(lambda: torch.matmul(w, X))) == "swapped"
    assert kind(raised(lambda: X @ torch.randn(4, 3))) == "untransposed"
    assert kind(raised(lambda: nn.Linear(784, 10)(torch.rand(2, 1, 28, 28)))) == "unflattened"
    assert kind(raised(lambda: X @ torch.randn(4, 7))) == "product"
    assert kind(raised(lambda: int("x"))) is None
