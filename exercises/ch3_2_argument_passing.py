"""Python aside after sgd: how arguments are passed (mutation vs rebinding), the reason sgd updates in place.

A function receives the caller's object itself, not a copy. Changing that object
(items.append(x), X += 1 on a tensor, t.zero_()) is seen by the caller; assigning a new
object to the parameter's name (items = items + [x], X = X + 1) only moves the local name
and leaves the caller's object as it was. sgd must update parameters the first way.
Each docstring shows the command that checks it (python grade.py add_one_, ...).
Python 插曲：函数拿到的是调用者的那个对象本身。原地修改它，调用者能看到；
给形参名重新赋值（X = X + 1），只是让局部变量指向新对象，调用者的对象不变。
"""

import torch


def append_in_place(items, x):
    """Append x to the caller's list items, changing that list; return None.

    Like list.append and list.sort, a function that changes its argument returns None.
    原地把 x 加到调用者的列表末尾（改的是调用者手里的那个列表），返回 None。
    Check it: python grade.py append_in_place
    """
    # TODO: one method call on items
    raise NotImplementedError


def with_appended(items, x):
    """Return a NEW list: the elements of items followed by x. items itself must not change.

    返回一个新列表（items 的元素后面加上 x），不能修改 items 本身。
    Check it: python grade.py with_appended
    """
    # TODO: build a new list; items + [x] does
    raise NotImplementedError


def add_one_(X):
    """Add 1 to every element of the caller's tensor X, in place (the trailing _ says so).

    The caller's tensor, and every view of its memory, must see the change.
    原地给调用者的张量 X 的每个元素加 1（名字末尾的 _ 表示原地操作）；调用者和所有视图都要看到变化。
    Check it: python grade.py add_one_
    """
    # TODO: an in-place operation on X (X = X + 1 makes a new tensor and rebinds the local name)
    raise NotImplementedError


def add_one(X):
    """Return a new tensor X + 1; the caller's X must not change.

    返回新张量 X + 1，调用者的 X 不能被改变。
    Check it: python grade.py add_one
    """
    # TODO: an out-of-place operation (X += 1 would change the caller's tensor)
    raise NotImplementedError


def zero_all_(tensors):
    """Set every tensor in the list tensors to zero, in place: the tensors themselves, not the list.

    Others may hold the same tensors (a model holds its parameters), so each tensor object must
    keep its identity and its memory. They may require grad, like parameters do: zero them
    under torch.no_grad(), as sgd updates parameters.
    把列表里的每个张量原地清零：改的是张量本身（模型也持有这些张量），不是列表；
    它们可能 requires_grad（像参数一样），所以要在 torch.no_grad() 下清零，就像 sgd 更新参数那样。
    Check it: python grade.py zero_all_
    """
    # TODO: with torch.no_grad(): for t in tensors: an in-place zeroing of t
    raise NotImplementedError
