"""Python aside after sgd: how arguments are passed (mutation vs rebinding)."""

import torch


def append_in_place(items, x):
    """Append x to the caller's list; return None."""
    items.append(x)  # a method call changes the object both names refer to


def with_appended(items, x):
    """A new list: items followed by x; items is left alone."""
    return items + [x]  # + builds a new list; items is only read


def add_one_(X):
    """Add 1 to the caller's tensor in place."""
    X += 1  # += on a tensor is in place: same object, same memory


def add_one(X):
    """A new tensor X + 1; X is left alone."""
    return X + 1  # + allocates a new tensor


def zero_all_(tensors):
    """Zero every tensor of the list in place (they may be parameters that require grad)."""
    with torch.no_grad():  # autograd must not record changes made to leaf parameters
        for t in tensors:
            t.zero_()  # `t = torch.zeros_like(t)` would only rebind the loop variable
