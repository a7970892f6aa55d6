"""In instructor mode, a graded function leaves the tensors and plain lists it is given as they were, unless changing
them is its exercise's job: in-place changes come back to the test's own objects, and a test that computed its
expected answer from its inputs after the call was matched by zeroing them (red team I8: 8 exercises' stubs at
10/10). Self-study leaves this to each test's own, more specific check (relu's "changed X in place"): a learner who
zeroes the inputs there forges only their own exercise, in their own process."""

from __future__ import annotations

import copy

import torch

from katas.catalog import Exercise
from katas.checks import fail

# the exercises whose functions change their arguments in place by design (the tensors, the lists and the nets they
# are given): the Python aside's in-place ones, the optimizers (their params and states), train_ch11 (its states,
# through the optimizer), the book's sequence_mask (it writes into X) and masked_softmax (through a view of X),
# batch_norm (its moving averages may be updated in place)
CHANGES_INPUTS = {"add_one_", "zero_all_", "append_in_place", "linreg_sgd", "mlp_sgd", "minibatch_sgd", "sgd_momentum",
                  "adagrad", "rmsprop", "adadelta", "adam", "yogi", "train_ch11", "sequence_mask", "masked_softmax",
                  "batch_norm",
                  # and those that initialise, load or train the test's net
                  "softmax_init_weights", "mlp_init_weights", "init_normal", "init_constant", "init_xavier", "init_42",
                  "my_init", "apply_init", "load_params", "train_epoch_ch3", "softmax_train_concise", "seq_train",
                  "scheduled_train"}


def applies(exercise) -> bool:
    """Whether exercise's functions must keep their arguments: a catalogued exercise whose job is not to change them."""
    return isinstance(exercise, Exercise) and exercise.id not in CHANGES_INPUTS


def values(args, kwargs) -> list[tuple]:
    """(argument, a copy of what it holds) for each tensor among the arguments, and each list and dict (which objects
    it holds, in which order: red team I10 reordered a params list of the test's own tensors, so that the test's
    reference made the learner's mistake too), followed into lists, tuples, dicts and nets' state (a params list, a
    state tuple, a reference decoder: red team I9 zeroed those)."""
    out, todo, seen = [], [*args, *kwargs.values()], 0
    while todo and seen < 4096:
        a, seen = todo.pop(), seen + 1
        if isinstance(a, torch.Tensor):
            if not a.is_meta and not isinstance(a, torch.nn.parameter.UninitializedTensorMixin):
                out.append((a, a.detach().clone()))
        elif type(a) is list and _plain(a):  # tokens, lines
            out.append((a, copy.deepcopy(a)))
        elif isinstance(a, (list, dict)):
            out.append((a, _items(a)))
            todo.extend(v for k, v in _items(a) if _holds(v))
        elif type(a) is tuple:
            todo.extend(v for v in a if _holds(v))
        elif isinstance(a, torch.nn.Module):  # a test's net (red team I9 rigged a reference decoder through apply)
            todo.extend(a.state_dict(keep_vars=True).values())
    return out


def _plain(a: list, depth: int = 3) -> bool:
    """Only numbers and strings, in lists nested at most depth deep."""
    return depth > 0 and all(type(v) in (str, int, float, bool) or (type(v) is list and _plain(v, depth - 1))
                             for v in a)


def _items(a) -> tuple:
    """(key, item) pairs, as a tuple (a snapshot of a plain list is a list)."""
    return tuple(a.items()) if isinstance(a, dict) else tuple(enumerate(a))


def _holds(v) -> bool:
    return isinstance(v, (torch.Tensor, list, dict, tuple, torch.nn.Module))


def _same(x, y) -> bool:
    """The same object, or an equal plain value (a number, a string)."""
    return x is y or (not _holds(x) and type(x) is type(y) and x == y)


def expect_kept(name: str, before: list[tuple]) -> None:
    for a, was in before:
        if isinstance(a, torch.Tensor):
            same = a.shape == was.shape and a.dtype == was.dtype and a.device == was.device and torch.equal(
                a.detach(), was)
            what = f"a tensor of shape {tuple(was.shape)}"
        elif type(was) is list:  # a list of plain values, copied whole
            same, what = a == was, "a list"
        else:
            now = _items(a)
            same = len(now) == len(was) and all(k == j and _same(v, w) for (k, v), (j, w) in zip(now, was, strict=True))
            what = "a dict" if isinstance(a, dict) else "a list"
        if not same:
            fail(f"{name} changed its argument in place ({what}): compute on new tensors and lists (X + 1, not X += "
                 "1; line + [x], not line.append(x)) and leave the caller's as they were",
                 f"{name} 原地修改了传入的参数（{what}）：请在新的张量和列表上计算（X + 1 而不是 X += 1；"
                 "line + [x] 而不是 line.append(x)），调用者的对象要保持原样")
