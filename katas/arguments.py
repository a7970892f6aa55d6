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
    """(argument, a copy of its value) for each tensor among the arguments, in lists, tuples and dicts too (a
    params list, a state tuple: red team I9 zeroed those), and each list of plain values."""
    out, todo, seen = [], [*args, *kwargs.values()], 0
    while todo and seen < 4096:
        a, seen = todo.pop(), seen + 1
        if isinstance(a, torch.Tensor):
            if not a.is_meta and not isinstance(a, torch.nn.parameter.UninitializedTensorMixin):
                out.append((a, a.detach().clone()))
        elif type(a) is list and all(type(v) in (str, int, float, bool, list) for v in a):
            out.append((a, copy.deepcopy(a)))
        elif type(a) in (list, tuple):
            todo.extend(a)
        elif type(a) is dict:
            todo.extend(a.values())
        elif isinstance(a, torch.nn.Module):  # a test's net (red team I9 rigged a reference decoder through apply)
            todo.extend(a.state_dict(keep_vars=True).values())
    return out


def expect_kept(name: str, before: list[tuple]) -> None:
    for a, was in before:
        if isinstance(a, torch.Tensor):
            same = a.shape == was.shape and a.dtype == was.dtype and a.device == was.device and torch.equal(
                a.detach(), was)
        else:
            same = a == was
        if not same:
            what = f"a tensor of shape {tuple(was.shape)}" if isinstance(a, torch.Tensor) else "a list"
            fail(f"{name} changed its argument in place ({what}): compute on new tensors and lists (X + 1, not X += "
                 "1; line + [x], not line.append(x)) and leave the caller's as they were",
                 f"{name} 原地修改了传入的参数（{what}）：请在新的张量和列表上计算（X + 1 而不是 X += 1；"
                 "line + [x] 而不是 line.append(x)），调用者的对象要保持原样")
