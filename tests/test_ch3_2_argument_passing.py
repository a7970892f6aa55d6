"""Graded tests for the Python aside after sgd: mutation vs rebinding of arguments.

The checks are by identity (`is`) and by memory (data_ptr): equal values are not enough,
the caller's own object must (or must not) have changed.
"""

import random

import pytest
import torch

from katas.checks import expect, expect_tensor, fail, fmt_shape, same_storage
from katas.explain import original
from katas.testkit import inplace_on_leaf

exercise = pytest.mark.exercise

REBIND_EN = ("assigning to a parameter (name = ...) only makes the local name point at a new object; "
             "the caller still holds the old one")
REBIND_ZH = "给形参赋值（name = ...）只是让局部变量指向新对象，调用者手里的仍是原来的对象"


def _list(shortest=0):
    return [random.randint(-99, 99) for _ in range(random.randint(shortest, 6))]


def _shape():
    return tuple(random.randint(1, 5) for _ in range(random.randint(1, 3)))


# --- lists -----------------------------------------------------------------------------------


@exercise("append_in_place")
def test_append_in_place_changes_the_callers_list(impl):
    items, x = _list(shortest=1), random.randint(100, 999)  # not empty: the front and the end differ
    before = list(items)
    try:
        out = impl.append_in_place(items, x)
    except TypeError as e:
        if "not iterable" in str(e):
            fail(f"append_in_place failed: items += x (or items.extend(x)) adds the elements of x, and an int "
                 f"has none; append the one element: items.append(x) (or items += [x]) ({original(e)})",
                 f"append_in_place 出错：items += x（或 items.extend(x)）是把 x 的各个元素加进去，"
                 f"而整数没有元素；请追加这一个元素：items.append(x)（或 items += [x]）（{original(e)}）")
        raise
    if items == [x] + before:
        fail(f"append_in_place put {x} at the front of the list: append adds at the end, items.append(x)",
             f"append_in_place 把 {x} 放在了列表开头：要加在末尾，items.append(x)")
    if items == before:
        fail(f"after append_in_place(items, {x}) the caller's list is unchanged, still {items}: "
             f"`items = items + [x]` builds a new list, and {REBIND_EN}; change the list itself: items.append(x)",
             f"append_in_place(items, {x}) 之后调用者的列表没有变，仍是 {items}：`items = items + [x]` 新建了列表，"
             f"而{REBIND_ZH}；请修改列表本身：items.append(x)")
    expect(items == before + [x],
           f"after append_in_place(items, {x}) the caller's list is {items}, expected {before + [x]}",
           f"append_in_place(items, {x}) 之后调用者的列表是 {items}，应为 {before + [x]}")
    expect(out is None,
           f"the list is right, but append_in_place returned {type(out).__name__}: a function that changes "
           "its argument in place returns None, like list.append and list.sort, so no one takes it for one "
           "that returns a new list",
           f"列表改对了，但 append_in_place 返回了 {type(out).__name__}：原地修改参数的函数应返回 None"
           "（和 list.append、list.sort 一样），免得被当成返回新列表的函数")


@exercise("with_appended")
def test_with_appended_leaves_the_callers_list_alone(impl):
    items, x = _list(), random.randint(100, 999)
    before = list(items)
    out = impl.with_appended(items, x)
    if out is None and items == before:
        fail("with_appended returned None: list.append changes a list and returns None, so "
             "`return items.copy().append(x)` returns nothing; build the new list and return it: return items + [x]",
             "with_appended 返回了 None：list.append 原地修改列表并返回 None，所以 `return items.copy().append(x)` "
             "什么也没返回；请新建列表并返回它：return items + [x]")
    if out is None and items == before + [x]:
        fail("with_appended returned None and changed the caller's list: `return items.append(x)` appends "
             "to the caller's list and returns append's None; build a new list: return items + [x]",
             "with_appended 返回了 None 还改了调用者的列表：`return items.append(x)` 会原地修改列表并返回 None；"
             "请新建列表：return items + [x]")
    expect(items == before,
           f"with_appended changed the caller's list from {before} to {items}: the parameter items IS the "
           "caller's list, not a copy, so items.append(x), items += [x] or `new = items; new.append(x)` "
           "(= does not copy) all change it; build a new list: return items + [x]",
           f"with_appended 把调用者的列表从 {before} 改成了 {items}：形参 items 就是调用者的那个列表而不是副本，"
           "items.append(x)、items += [x]、`new = items; new.append(x)`（= 不会复制）都会改到它；"
           "请新建列表：return items + [x]")
    expect(isinstance(out, list) and out == before + [x],
           f"with_appended({before}, {x}) returned {out!r}, expected {before + [x]}",
           f"with_appended({before}, {x}) 返回了 {out!r}，应为 {before + [x]}")
    expect(out is not items, "with_appended returned the caller's own list object: return a new list",
           "with_appended 返回的就是调用者的那个列表对象：应返回新列表")


# --- tensors ---------------------------------------------------------------------------------


@exercise("add_one_")
def test_add_one_changes_the_callers_tensor(impl, device):
    base = torch.randn((random.randint(2, 4), *_shape()), device=device)
    X = base[1:]  # a view: the update must reach the memory that base shares
    before, base_before, ptr = X.clone(), base.clone(), X.data_ptr()
    impl.add_one_(X)
    if torch.equal(X, before):
        fail(f"add_one_ left the caller's X {fmt_shape(X.shape)} unchanged: X + 1 and X.add(1) (no underscore) "
             f"compute a new tensor, and `X = X + 1` then only rebinds the local name ({REBIND_EN}); change the "
             "tensor itself: X += 1, X.add_(1) or X[:] = X + 1",
             f"add_one_ 之后调用者的 X {fmt_shape(X.shape)} 没有变：X + 1 和 X.add(1)（没有下划线）都会算出新张量，"
             f"`X = X + 1` 也只是让局部变量指向它（{REBIND_ZH}）；请修改张量本身：X += 1、X.add_(1) 或 X[:] = X + 1")
    expect_tensor(X, before + 1, "the caller's X after add_one_(X)")
    expect(X.data_ptr() == ptr,
           "X has the right values but lives in new memory: `X.data = X + 1` swaps X's storage, so views of "
           "the old memory (and anyone holding them) miss the change; update in place: X += 1",
           "X 的值对了，但换了一块内存：`X.data = X + 1` 替换了 X 的存储，原内存的视图看不到变化；请原地更新：X += 1")
    base_after = base_before.clone()
    base_after[1:] += 1
    expect_tensor(base, base_after, "the tensor that X is a view of, after add_one_(X)")


@exercise("add_one")
def test_add_one_leaves_the_callers_tensor_alone(impl, device):
    X = torch.randn(_shape(), device=device)
    before = X.clone()
    out = impl.add_one(X)
    if not torch.equal(X, before):
        fail("add_one changed the caller's X: the parameter X IS the caller's tensor, not a copy, so X += 1, "
             "X.add_(1) or X[:] = ... change it (and `Y = X` does not copy); return a new tensor: return X + 1",
             "add_one 改变了调用者的 X：形参 X 就是调用者的那个张量而不是副本，X += 1、X.add_(1)、X[:] = ... "
             "都会改到它（`Y = X` 也不会复制）；请返回新张量：return X + 1")
    expect_tensor(out, before + 1, f"add_one(X {fmt_shape(X.shape)})")
    expect(not same_storage(out, X), "add_one returned a tensor sharing X's memory: return a new tensor, X + 1",
           "add_one 返回的张量和 X 共用内存：请返回新张量 X + 1")


def _tensors(device, requires_grad=False):
    ts = [torch.randn(_shape(), device=device) + 3 for _ in range(random.randint(2, 4))]  # no zero by chance
    return [t.requires_grad_(requires_grad) for t in ts]


def _check_zeroed(tensors, held, ptrs):
    __tracebackhide__ = True
    if len(tensors) != len(held) or any(a is not b for a, b in zip(tensors, held, strict=True)):
        fail("zero_all_ put new tensors into the list (tensors[i] = torch.zeros_like(t)): anyone else who "
             "holds the old tensors, as a model holds its parameters, still sees the old values; "
             "zero each tensor itself: t.zero_()",
             "zero_all_ 往列表里放了新张量（tensors[i] = torch.zeros_like(t)）：别处持有的旧张量"
             "（比如模型持有的参数）仍是旧值；请把每个张量本身清零：t.zero_()")
    if all(t.detach().any() for t in held):
        fail(f"zero_all_ left every tensor unchanged: `for t in tensors: t = torch.zeros_like(t)` is the sgd "
             f"pitfall: {REBIND_EN}; zero the tensor itself: t.zero_() (or t[:] = 0)",
             f"zero_all_ 之后每个张量都没变：`for t in tensors: t = torch.zeros_like(t)` 正是 sgd 里的坑："
             f"{REBIND_ZH}；请把张量本身清零：t.zero_()（或 t[:] = 0）")
    for i, (t, ptr) in enumerate(zip(held, ptrs, strict=True)):
        expect_tensor(t.detach(), torch.zeros_like(t), f"tensors[{i}] after zero_all_(tensors)")
        expect(t.data_ptr() == ptr,
               f"tensors[{i}] is zero but in new memory: `t.data = torch.zeros_like(t)` swaps its storage; "
               "zero it in place: t.zero_()",
               f"tensors[{i}] 是零了，但换了一块内存：`t.data = torch.zeros_like(t)` 替换了存储；请原地清零：t.zero_()")


def _zero_all(impl, tensors):
    __tracebackhide__ = True
    try:
        impl.zero_all_(tensors)
    except AttributeError as e:
        if "'NoneType' object has no attribute" in str(e):
            fail(f"zero_all_ failed: t.grad is None here; zero_all_ zeroes the tensors' values, t.zero_(), "
                 f"not their gradients (that is sgd's param.grad.zero_()) ({original(e)})",
                 "zero_all_ 出错：这里 t.grad 是 None；zero_all_ 要清零的是张量的值 t.zero_()，"
                 "而不是它们的梯度（那是 sgd 里的 param.grad.zero_()）")
        raise


@exercise("zero_all_")
def test_zero_all_zeroes_the_tensors_themselves(impl, device):
    tensors = _tensors(device)
    held, ptrs = list(tensors), [t.data_ptr() for t in tensors]
    _zero_all(impl, tensors)
    _check_zeroed(tensors, held, ptrs)


@exercise("zero_all_")
def test_zero_all_zeroes_parameters(impl, device):
    """Leaf tensors that require grad, as in sgd: the change must not go through autograd."""
    params = _tensors(device, requires_grad=True)
    held, ptrs = list(params), [p.data_ptr() for p in params]
    try:
        _zero_all(impl, params)
    except RuntimeError as e:
        if inplace_on_leaf(e):
            fail("zero_all_ changed a tensor that requires grad while autograd was recording: "
                 "do it under `with torch.no_grad():`, as sgd does",
                 "zero_all_ 在自动求导记录时原地修改了 requires_grad 的张量："
                 "放进 `with torch.no_grad():` 里，和 sgd 一样")
        raise
    _check_zeroed(params, held, ptrs)
    for i, p in enumerate(held):
        expect(p.requires_grad and p.is_leaf,
               f"params[{i}] is no longer a leaf that requires grad: zero it under torch.no_grad() "
               "without changing requires_grad",
               f"params[{i}] 不再是 requires_grad 的叶子张量：在 torch.no_grad() 下清零，不要改 requires_grad")
