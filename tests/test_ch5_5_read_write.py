"""Graded tests for d2l 5.5, file I/O. Files go to pytest's tmp_path, never into the project."""

import datetime
import io
import os
import pickle
import random

import pytest
import torch
from torch import nn
from torch.serialization import get_unsafe_globals_in_checkpoint

from katas.checks import Mistake, expect, expect_tensor, fail
from katas.testkit import call, raised, unseen

exercise = pytest.mark.exercise


def _wrote(fn, fname, what, *args, mistakes=()):
    """fn(*args), which must write the file fname: a file written elsewhere (d2l's 'x-file') is named."""
    __tracebackhide__ = True
    before = set(os.listdir())  # graded tests run in a temporary folder of their own
    call(what, fn, *args, mistakes=mistakes)
    stray = sorted(set(os.listdir()) - before)
    if not fname.exists() and stray:
        fail(f"save to the file named by the argument fname: {what} wrote {stray[0]!r} instead (d2l's example name?)",
             f"要保存到参数 fname 指定的文件：{what} 写的却是 {stray[0]!r}（d2l 示例里的文件名？）")
    expect(fname.exists(), f"{what} wrote no file at fname", f"{what} 没有写出文件")


def _pickled_globals(fname) -> list[str]:
    """The classes and functions a torch.save file names, read from its pickle's opcodes: never unpickled, as the
    file is the code under test's (in instructor mode a trusted process must not run what it pickled)."""
    try:
        return get_unsafe_globals_in_checkpoint(fname)
    except Exception:  # noqa: BLE001 (not a checkpoint torch.save writes: reported as any unloadable file)
        return []


# What a loader must read from its file is drawn from generators of the test's own, seeded from the system: in
# instructor mode the worker is given the state of the test's generators at each call, from which red team I39
# replayed the test's net and tensors and gave them back without reading the file.


def _net():
    draw = unseen()
    d, h, o = draw.randint(2, 9), draw.randint(3, 12), draw.randint(1, 5)
    with torch.random.fork_rng(devices=[]):  # the test's own generator goes on as it was
        torch.manual_seed(draw.getrandbits(63))
        return nn.Sequential(nn.Linear(d, h), nn.ReLU(), nn.Dropout(0.5), nn.Linear(h, o)), d


# --- tensors ---------------------------------------------------------------------------------


def _tensors(kind: str):
    draw = unseen()
    g = torch.Generator().manual_seed(draw.getrandbits(63))
    x = torch.randn(draw.randint(1, 6), generator=g)
    y = torch.randint(0, 100, (draw.randint(1, 4), 3), generator=g)
    return {"tensor": x, "list": [x, y], "dict": {"x": x, "y": y}}[kind]


def _same(back, obj, kind: str, what: str) -> None:
    __tracebackhide__ = True
    expect(type(back) is type(obj), f"{what} gave back a {type(back).__name__} for a saved {type(obj).__name__}",
           f"保存的是 {type(obj).__name__}，{what} 读回的却是 {type(back).__name__}")
    items = {"tensor": lambda o: {"": o}, "list": lambda o: dict(enumerate(o)), "dict": lambda o: o}[kind]
    want, got = items(obj), items(back)
    expect(list(got) == list(want), f"{what} gave back {len(got)} items, expected {len(want)}",
           f"{what} 读回 {len(got)} 项，应为 {len(want)} 项")
    for k in want:
        expect_tensor(got[k], want[k], f"{what}'s {kind}{f'[{k!r}]' if kind != 'tensor' else ''}", atol=0)


@exercise("tensor_io")
@pytest.mark.parametrize("kind", ["tensor", "list", "dict"])
def test_tensor_round_trip(impl, tmp_path, kind):
    obj = _tensors(kind)
    fname = tmp_path / f"{kind}-file"
    _wrote(impl.save_tensors, fname, "save_tensors(obj, fname)", obj, fname)
    written = fname.read_bytes()  # what save_tensors wrote, before load_tensors runs (red team I37's wrote it then)
    back = impl.load_tensors(fname)
    expect(back is not None, "return what torch.load gives: load_tensors returned None",
           "要 return torch.load 的结果：load_tensors 返回了 None")
    _same(back, obj, kind, "load_tensors")
    # each half on its own, against torch's: what save_tensors wrote is in the file, and load_tensors reads a file
    # (red team I21 kept the object in a global and gave it back, with no tensor in the file)
    try:
        saved = torch.load(io.BytesIO(written), weights_only=True)
    except Exception as e:  # noqa: BLE001 (whatever the file is, it is not what torch.save writes)
        fail(f"save_tensors should write the object with torch.save(obj, fname): torch.load cannot read the file "
             f"({type(e).__name__})", "save_tensors 应该用 torch.save(obj, fname) 保存：torch.load 读不了这个文件")
    _same(saved, obj, kind, "torch.load of what save_tensors wrote")
    other, theirs = tmp_path / f"{kind}-saved-by-torch", _tensors(kind)
    torch.save(theirs, other)
    _same(impl.load_tensors(other), theirs, kind, "load_tensors of a file torch.save wrote")


class _RunsCodeWhenLoaded:
    """Unpickled by a loader that runs pickled code, it creates the file named (a call of `open`); torch's
    weights-only loader refuses it before anything runs."""

    def __init__(self, name: str):
        self.name = name

    def __reduce__(self):
        return open, (self.name, "w")


@exercise("tensor_io")
def test_load_tensors_refuses_pickled_objects(impl, tmp_path):
    fname, ran = tmp_path / "not-tensors", f"pickled-code-ran-{random.getrandbits(32):08x}"
    torch.save({"when": datetime.date(2000, 1, 1), "then": _RunsCodeWhenLoaded(ran)}, fname)
    try:
        back, refused = impl.load_tensors(fname), False
    except pickle.UnpicklingError:
        back, refused = None, True
    if not refused:
        fail(f"load_tensors unpickled a {type(back.get('when') if isinstance(back, dict) else back).__name__}: "
             "a pickled file can run any code on loading; load with weights_only=True",
             "load_tensors 加载了 pickle 的任意对象：pickle 文件加载时可以执行任意代码；请用 weights_only=True 加载")
    plain = tmp_path / "plain"
    torch.save(torch.zeros(1), plain)
    impl.load_tensors(plain)  # (instructor mode: the files a call wrote come back when a call returns)
    _no_code_ran(ran, "load_tensors")


def _no_code_ran(ran: str, what: str) -> None:
    """The file that the pickled code makes is not there: the loader refused before anything ran (red team I21
    unpickled everything with weights_only=False, then raised UnpicklingError itself)."""
    __tracebackhide__ = True
    expect(not os.path.exists(ran),
           f"{what} ran code pickled in the file before refusing it (it unpickled everything, then raised): load "
           "with torch.load(fname, weights_only=True), which refuses a pickled object before anything in it runs",
           f"{what} 在拒绝之前已经执行了文件里 pickle 的代码（先全部反序列化，再抛出异常）：请用 "
           "torch.load(fname, weights_only=True) 加载，它在执行任何内容之前就拒绝 pickle 的对象")


# --- parameters ------------------------------------------------------------------------------


@exercise("save_params")
def test_save_params_writes_a_state_dict(impl, tmp_path):
    net, _ = _net()
    fname = tmp_path / "net.params"  # not d2l's 'mlp.params', so a hard-coded name shows
    _wrote(impl.save_params, fname, "save_params(net, fname)", net, fname, mistakes=[Mistake(
        raised(TypeError, "cannot pickle 'generator' object"),
        "save net.state_dict(): net.parameters() is a generator, which cannot be saved (and has no names)",
        "请保存 net.state_dict()：net.parameters() 是生成器，不能保存（也没有名字）")])
    try:
        saved = torch.load(fname, weights_only=True)
    except pickle.UnpicklingError:
        if "builtins.getattr" in _pickled_globals(fname):  # how a bound method pickles: getattr(net, name)
            fail("call it, torch.save(net.state_dict(), fname): net.state_dict without () saved the method, and the "
                 "whole pickled model with it",
                 "要调用它：torch.save(net.state_dict(), fname)；不加 () 的 net.state_dict 保存的是方法本身，"
                 "连带整个 pickle 的模型")
        fail("save the values only, torch.save(net.state_dict(), fname): the file does not load with "
             "weights_only=True, as it holds the whole pickled model instead of the state_dict",
             "只保存数值：torch.save(net.state_dict(), fname)；该文件不能用 weights_only=True 加载，"
             "因为它保存的是 pickle 的整个模型而不是 state_dict")
    want = net.state_dict()
    expect(isinstance(saved, dict) and list(saved) == list(want),
           f"save_params saved a {type(saved).__name__}{f' with keys {list(saved)}' if isinstance(saved, dict) else ''}"
           f": save net.state_dict(), a dict with keys {list(want)}",
           f"save_params 保存的是 {type(saved).__name__}：应保存 net.state_dict()，键为 {list(want)}")
    for k, v in want.items():
        expect_tensor(saved[k], v, f"the saved {k!r}", atol=0)


@exercise("load_params")
def test_load_params_restores_a_clone(impl, tmp_path):
    net, d = _net()
    fname = tmp_path / "mlp.params"
    torch.save(net.state_dict(), fname)
    clone = nn.Sequential(nn.Linear(d, net[0].out_features), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(net[0].out_features, net[3].out_features))  # a fresh instance, other values
    out = call("load_params(net, fname)", impl.load_params, clone, fname, mistakes=[Mistake(
        raised(TypeError, "Expected state_dict to be dict-like"),
        "load the file first, net.load_state_dict(torch.load(fname, weights_only=True)): load_state_dict takes "
        "the dict, not the file name",
        "要先读取文件：net.load_state_dict(torch.load(fname, weights_only=True))；load_state_dict 需要的是字典，"
        "不是文件名")])
    if type(out).__name__ == "_IncompatibleKeys":
        fail("return net itself: load_state_dict returns a report of missing and unexpected keys, not the net",
             "要返回 net 本身：load_state_dict 返回的是缺失/多余键的报告，而不是网络")
    if isinstance(out, dict):
        fail("load the dict into net, net.load_state_dict(torch.load(fname, weights_only=True)), and return net: "
             "load_params returned the state_dict itself",
             "要把字典加载进 net：net.load_state_dict(torch.load(fname, weights_only=True))，再返回 net；"
             "load_params 返回的是 state_dict 本身")
    expect(out is clone, f"load_params should return the net it was given (loaded in place), got {out!r:.60}",
           f"load_params 应返回传入的 net（原地加载），实际为 {out!r:.60}")
    for k, v in net.state_dict().items():
        expect_tensor(clone.state_dict()[k], v, f"the clone's {k!r} after load_params", atol=0)
    expect(not clone.training, "call net.eval(): load_params left the clone in training mode (Dropout still drops)",
           "要调用 net.eval()：load_params 之后模型仍处于训练模式（Dropout 仍在丢弃）")
    net.eval()
    X = torch.randn(random.randint(2, 6), d)
    with torch.no_grad():
        expect_tensor(clone(X), net(X), "clone(X) after load_params, against the original net(X)", atol=0)


@exercise("load_params")
def test_load_params_refuses_pickled_objects(impl, tmp_path):
    net, _ = _net()
    fname, ran = tmp_path / "mlp.params", f"pickled-code-ran-{random.getrandbits(32):08x}"
    pickled = net.state_dict()  # right keys, and in its metadata (which load_state_dict reads) a pickled call
    pickled._metadata[""] = {**pickled._metadata[""], "then": _RunsCodeWhenLoaded(ran)}
    torch.save(pickled, fname)
    try:
        impl.load_params(net, fname)
    except pickle.UnpicklingError:
        plain = tmp_path / "plain.params"
        torch.save(net.state_dict(), plain)
        impl.load_params(net, plain)  # (instructor mode: the files a call wrote come back when a call returns)
        _no_code_ran(ran, "load_params")
        return
    fail("load_params loaded a pickled object: load with torch.load(fname, weights_only=True), which accepts "
         "tensors and plain containers only",
         "load_params 加载了 pickle 的对象：请用 torch.load(fname, weights_only=True)，它只接受张量和普通容器")
