"""Step-by-step checks of a from-scratch optimizer of d2l chapter 11 (`fn(params, states, hyperparams)`).

The learner's update and torch.optim (with d2l's hyperparameters mapped onto it) take the same
gradients, step after step; after each step the caller's parameters and states must hold what
torch.optim holds. The first step that differs is explained: a wrong formula that gives exactly the
learner's numbers from the same previous state is named (a rebound state, a missing factor, ...).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch

from katas.checks import close, expect, fail, fmt_shape
from katas.explain import inplace_on_leaf, original

STATE_ATOL = 1e-9
REBIND_EN = ("`{s} = ...` only rebinds the loop's local name, so the caller's state never changes between steps; "
             "update it in place: {s}[:] = ...")
REBIND_ZH = "`{s} = ...` 只是让循环里的局部变量指向新张量，调用者的状态在两步之间从不改变；请原地更新：{s}[:] = ..."


@dataclass(frozen=True)
class Wrong:
    """A classic wrong update, as one step from the same previous state: (p, states, g, h) -> (p, states)."""

    step: Callable
    en: str
    zh: str


def make_params(device, feature_dim: int | None = None) -> list[torch.Tensor]:
    """[w (d, 1), b (1,)] as train_ch11 makes them, random values, requiring grad."""
    d = feature_dim or random.randint(2, 6)
    return [torch.randn(d, 1, device=device).requires_grad_(True), torch.randn(1, device=device).requires_grad_(True)]


def _same_state(t, want, old) -> bool:
    """A state as the oracle's, within float32's rounding of the terms it was made from: a leaky average of gradients
    of both signs can cancel to near 0, where torch's lerp and d2l's beta * v + (1 - beta) * g differ by a few ulps
    of the old state (the reference failed on 3 seeds in 375 with STATE_ATOL alone); elsewhere relative, as
    Adadelta's tiny delta needs."""
    if not torch.is_tensor(t) or t.shape != want.shape:
        return False
    err = (t.detach().double() - want.detach().double()).abs()
    return bool((err <= STATE_ATOL + 1e-4 * want.detach().double().abs() + 1e-6 * old.detach().double().abs()).all())


def gradient_like(p: torch.Tensor, scale: float = 1.0) -> torch.Tensor:
    """A gradient with every element at least 0.5 * scale in size (a zero one would hide a missing term)."""
    size = torch.empty_like(p).uniform_(0.5, 2.0)
    sign = torch.randint(0, 2, p.shape, device=p.device) * 2 - 1
    return (size * sign * scale).detach()


def _same(a, b, atol: float = 1e-5) -> bool:
    # Parameters: steps are 1e-3 and more, and torch.optim's eps placement differs from d2l's by 1e-5 at
    # most here. States (atol 1e-9): Adadelta's delta grows by 1e-5 a step, so only relative error counts.
    return torch.is_tensor(a) and close(a, b, atol=atol, rtol=1e-4)


def _named(wrongs, old, g, h, pick: Callable, actual, atol: float) -> Wrong | None:
    for w in wrongs:
        try:
            got = pick(w.step(*old, g, h))
        except Exception:  # noqa: BLE001 (a symptom that cannot be computed is not this one)
            continue
        if _same(actual, got, atol):
            return w
    return None


def _call(fn_name: str, update, params, states, hyperparams) -> None:
    __tracebackhide__ = True
    try:
        update(params, states, hyperparams)
    except RuntimeError as e:
        if inplace_on_leaf(e):
            fail(f"{fn_name} changed a parameter in place while autograd was recording: put the updates under "
                 f"`with torch.no_grad():`, as d2l does ({original(e)})",
                 f"{fn_name} 在自动求导记录时原地修改了参数：把更新放进 `with torch.no_grad():` 里，和 d2l "
                 f"一样（{original(e)}）")
        raise
    except AttributeError as e:
        if "'NoneType' object has no attribute" in str(e):
            fail(f"{fn_name} met a .grad that is None: after `p = p - ...` the name p holds a new tensor, with no "
                 "gradient, and the caller's parameter never moves; `p = p - ...` only rebinds the loop's local name: "
                 f"update the parameter in place, p[:] -= ... (or p -= ...) under torch.no_grad() ({original(e)})",
                 f"{fn_name} 遇到了为 None 的 .grad：`p = p - ...` 之后 p 指向一个没有梯度的新张量，"
                 "调用者的参数也没有动；"
                 "`p = p - ...` 只是重新绑定局部变量：请在 torch.no_grad() 下原地更新参数 p[:] -= "
                 f"...（{original(e)}）")
        raise
    except KeyError as e:
        fail(f"{fn_name} read hyperparams[{e.args[0]!r}], which this call does not give: the hyperparameters it "
             f"takes are {sorted(hyperparams)} ({original(e)})",
             f"{fn_name} 读取了 hyperparams[{e.args[0]!r}]，而调用时并没有给出：它的超参数是 {sorted(hyperparams)}")


def check_steps(
    fn_name: str,
    update,
    *,
    device,
    names: Sequence[str],
    make_states: Callable[[list[torch.Tensor]], tuple],
    oracle: Callable[[list[torch.Tensor], dict], torch.optim.Optimizer] | None = None,
    state_of: Callable[[torch.optim.Optimizer, torch.Tensor], tuple] | None = None,
    formula: Wrong | None = None,
    hyperparams: dict,
    wrongs: Sequence[Wrong] = (),
    steps: int = 3,
    next_hyper: Callable[[dict], None] | None = None,
    grad_scale: float = 1.0,
    after_call: Callable[[dict, dict], None] | None = None,
) -> None:
    """Run update and torch.optim side by side for steps steps and explain the first difference.

    names: the d2l names of one parameter's states ("v",) or ("s", "delta"); make_states(params) makes
    them as d2l's init_*_states does (zeros), one tuple per parameter (a bare tensor when one state);
    state_of(opt, p): torch.optim's state of p in d2l's terms, as a tuple; next_hyper(h) changes the
    hyperparameters between steps (a scheduler's lr); after_call(h_before, h) checks the hyperparameters
    right after each call (adam's step counter). Without an oracle, formula (d2l's own update, as a
    Wrong) gives what each step should hold. The learner's states are the test's own tensors, so a state
    that does not change is seen as it is.
    """
    __tracebackhide__ = True
    params = make_params(device)
    states = make_states(params)
    twins = [p.detach().clone().requires_grad_(True) for p in params]
    opt = oracle(twins, hyperparams) if oracle else None
    by_formula = [(p.detach().clone(), tuple(torch.zeros_like(p) for _ in names)) for p in params]
    held = [s if isinstance(s, tuple) else (s,) for s in states] if names else [() for _ in params]
    ptrs = [[t.data_ptr() for t in ts] for ts in held]
    ids = [id(p) for p in params]
    param_ptrs = [p.data_ptr() for p in params]
    own = dict(hyperparams)  # the test's: learner code may advance adam's t, and change nothing else
    for k in range(1, steps + 1):
        h_before = dict(own)
        old = [(p.detach().clone(), tuple(t.clone() for t in ts)) for p, ts in zip(params, held, strict=True)]
        grads = [gradient_like(p, grad_scale) for p in params]
        for p, q, g in zip(params, twins, grads, strict=True):
            p.grad = g.clone() if p.grad is None else p.grad + g  # backward adds onto what is there
            q.grad = g.clone()
        _call(fn_name, update, params, states, hyperparams)
        if after_call is not None:
            after_call(h_before, hyperparams)
        changed = sorted(str(key) for key in set(own) | set(hyperparams)
                         if key != "t" and hyperparams.get(key, own) != own.get(key, own))
        expect(not changed, f"{fn_name} changed hyperparams[{changed[0] if changed else ''!r}]: read the "
               "hyperparameters, never write them (only adam's and yogi's step counter t advances)",
               f"{fn_name} 修改了 hyperparams[{changed[0] if changed else ''!r}]：超参数只读不写"
               "（只有 adam 和 yogi 的步数 t 会递增）")
        if "t" in hyperparams:  # as after_call checked
            own["t"] = hyperparams["t"]
        if opt is not None:
            for group in opt.param_groups:
                group["lr"] = h_before.get("lr", group["lr"])
            opt.step()
        else:
            by_formula = [formula.step(*pe, g, h_before) for pe, g in zip(by_formula, grads, strict=True)]
        step = f"step {k}" if k > 1 else "the first step"
        expect([id(p) for p in params] == ids, f"{fn_name} replaced items of the params list: update the tensors "
               "themselves", f"{fn_name} 替换了 params 列表里的元素：要更新张量本身")
        for i, (p, q) in enumerate(zip(params, twins, strict=True)):
            p_old, s_old = old[i]
            want_p, want_states = (q.detach(), state_of(opt, q)) if opt is not None else by_formula[i]
            what_p = f"params[{i}] {fmt_shape(p.shape)}"
            for j, (name, t, want) in enumerate(zip(names, held[i], want_states, strict=True)):
                if _same_state(t, want, s_old[j]):
                    expect(t.data_ptr() == ptrs[i][j],
                           f"{name} of {what_p} has the right values in new memory after {step}: `{name}.data = ...` "
                           f"swaps its storage; update it in place: {name}[:] = ...",
                           f"{what_p} 的 {name} 值对了，但换了一块内存：`{name}.data = ...` 替换了存储；请原地更新："
                           f"{name}[:] = ...")
                    continue
                if torch.equal(t, s_old[j]):
                    fail(f"after {step} of {fn_name}, the state {name} of {what_p} is unchanged: "
                         + REBIND_EN.format(s=name),
                         f"{fn_name} 第 {k} 步之后，{what_p} 的状态 {name} 没有变：" + REBIND_ZH.format(s=name))
                w = _named(wrongs, old[i], grads[i], h_before, lambda r, j=j: r[1][j], t, STATE_ATOL)
                head = (f"after {step} of {fn_name}, the state {name} of {what_p} is wrong",
                        f"{fn_name} 第 {k} 步之后，{what_p} 的状态 {name} 不对")
                if w:
                    fail(f"{head[0]}: {w.en}", f"{head[1]}：{w.zh}")
                _values(t, want, *head)
            if not _same(p.detach(), want_p):
                if torch.equal(p.detach(), p_old):
                    fail(f"after {step} of {fn_name}, {what_p} is unchanged: `p = p - ...` only rebinds the loop's "
                         "local name; update the parameter in place under torch.no_grad(): p[:] -= ... (or p -= ...)",
                         f"{fn_name} 第 {k} 步之后，{what_p} 没有变：`p = p - ...` 只是让局部变量指向新张量；"
                         "请在 torch.no_grad() 下原地更新参数：p[:] -= ...（或 p -= ...）")
                w = _named(wrongs, old[i], grads[i], h_before, lambda r: r[0], p.detach(), 1e-5)
                head = (f"after {step} of {fn_name}, {what_p} is wrong", f"{fn_name} 第 {k} 步之后，{what_p} 不对")
                if w:
                    fail(f"{head[0]}: {w.en}", f"{head[1]}：{w.zh}")
                _values(p.detach(), want_p, *head)
            expect(p.data_ptr() == param_ptrs[i] and p.requires_grad,
                   f"{what_p} has the right values but is no longer the same tensor in the same memory: update it in "
                   "place under torch.no_grad() (p[:] -= ..., not p.data = ... nor p.requires_grad_(False))",
                   f"{what_p} 的值对了，但已不是原来那块内存里、requires_grad 的张量：请在 torch.no_grad() "
                   "下原地更新（p[:] -= ...）")
            expect(p.grad is None or not p.grad.any(),
                   f"{what_p}.grad was not zeroed after {step}: end each parameter's update with p.grad.data.zero_(), "
                   "or the next backward adds its gradient onto this one",
                   f"{fn_name} 第 {k} 步之后 {what_p}.grad 没有清零：每个参数更新完都要 p.grad.data.zero_()，"
                   "否则下一次反向传播会把梯度累加上去")
        if next_hyper is not None:
            next_hyper(own)
            hyperparams.update(own)


def _values(actual, expected, en: str, zh: str) -> None:
    __tracebackhide__ = True
    if actual.shape != expected.shape:
        fail(f"{en}: shape {fmt_shape(actual.shape)}, expected {fmt_shape(expected.shape)}",
             f"{zh}：形状为 {fmt_shape(actual.shape)}，应为 {fmt_shape(expected.shape)}")
    err = (actual.double() - expected.double()).abs()
    at = int(err.reshape(-1).nan_to_num(float("inf")).argmax())
    got, want = float(actual.reshape(-1)[at]), float(expected.reshape(-1)[at])
    fail(f"{en}: got {got:.6g}, expected {want:.6g} at flat index {at} (the update's formula differs from d2l's)",
         f"{zh}：得到 {got:.6g}，应为 {want:.6g}（扁平下标 {at}；更新公式与 d2l 的不同）")


def check_init_states(fn_name: str, init, names: Sequence[str]) -> None:
    """init(feature_dim) returns d2l's states for [w (d, 1), b (1,)]: zeros, float32, one tensor per name and
    parameter (a bare tensor when there is one name), no two sharing memory, new ones on every call."""
    __tracebackhide__ = True
    d = random.randint(2, 9)
    out = init(d)
    many = len(names) > 1
    shape_en = (f"(({', '.join(n + '_w' for n in names)}), ({', '.join(n + '_b' for n in names)}))" if many
                else f"({names[0]}_w, {names[0]}_b)")
    expect(isinstance(out, (tuple, list)) and len(out) == 2,
           f"{fn_name}({d}) returned {type(out).__name__}: return {shape_en}, one entry for w and one for b",
           f"{fn_name}({d}) 返回了 {type(out).__name__}：应返回 {shape_en}，w 一项、b 一项")
    seen = []
    for which, want in (("w", (d, 1)), ("b", (1,))):
        entry = out[0] if which == "w" else out[1]
        ts = tuple(entry) if many and isinstance(entry, (tuple, list)) else (entry,)
        expect(len(ts) == len(names) and all(torch.is_tensor(t) for t in ts),
               f"{fn_name}({d}) for {which} gave {type(entry).__name__}: give {len(names)} tensor(s), "
               f"{', '.join(n + '_' + which for n in names)}",
               f"{fn_name}({d}) 对 {which} 给出的是 {type(entry).__name__}：应为 {len(names)} 个张量")
        for n, t in zip(names, ts, strict=True):
            what = f"{n}_{which} of {fn_name}({d})"
            expect(tuple(t.shape) == want, f"{what} has shape {fmt_shape(t.shape)}: make it like {which}, "
                                           f"{fmt_shape(want)}",
                   f"{what} 的形状为 {fmt_shape(t.shape)}：应与 {which} 相同，{fmt_shape(want)}")
            expect(t.dtype == torch.float32 and not t.any(), f"{what} must be float32 zeros: torch.zeros({want})",
                   f"{what} 应是 float32 的零：torch.zeros({want})")
            expect(not any(t.data_ptr() == u.data_ptr() for u in seen),
                   f"{what} shares its memory with another state (`s = delta = torch.zeros(...)` makes one tensor with "
                   "two names): each state needs its own torch.zeros(...)",
                   f"{what} 与另一个状态共用内存（`s = delta = torch.zeros(...)` 是同一个张量的两个名字）："
                   "每个状态都要单独 torch.zeros(...)")
            seen.append(t)
    again = init(d)
    flat = [t for e in again for t in ((e,) if torch.is_tensor(e) else e)]
    expect(not any(t.data_ptr() == u.data_ptr() for t in flat for u in seen),
           f"{fn_name} returned the same tensors on its second call: make new zeros on every call (two trainings "
           "must not share their states)",
           f"{fn_name} 第二次调用返回了同样的张量：每次调用都要新建零张量（两次训练不能共用状态）")


class Recorder:
    """d2l.Animator without the drawing: keeps the points as d2l's does (X, Y: one list per line)."""

    katas_lends = ("add", "X", "Y")  # in instructor mode: what d2l's train_ch11 uses of its Animator, across processes

    last = None  # the latest one made

    def __init__(self, *args, **kwargs):
        self.X, self.Y = [[]], [[]]
        Recorder.last = self

    def add(self, x, y):
        self.X[0].append(x)
        self.Y[0].append(y[0] if isinstance(y, (tuple, list)) else y)


class Rows:
    """Shuffled (X, y) minibatches of the airfoil rows: a DataLoader's work without its per-batch cost."""

    def __init__(self, X, y, batch_size):
        self.X, self.y, self.batch_size = X, y, batch_size

    def __len__(self):
        return -(-len(self.y) // self.batch_size)

    def __iter__(self):
        order = torch.randperm(len(self.y))
        for i in range(0, len(self.y), self.batch_size):
            j = order[i: i + self.batch_size]
            yield self.X[j], self.y[j]


def whole_loss(net, data_iter, loss):
    """d2l.evaluate_loss on Rows, in one batch: the same mean, thirty times cheaper in a training test."""
    with torch.no_grad():
        out = net(data_iter.X)
        return float(loss(out, data_iter.y.reshape(out.shape)).mean())


def airfoil_rows(raw, batch_size: int, n: int = 1500) -> Rows:
    """get_data_ch11's data (every column standardised, the first n rows) as Rows."""
    data = torch.from_numpy((raw - raw.mean(axis=0)) / raw.std(axis=0))
    return Rows(data[:n, :-1], data[:n, -1], batch_size)


def train_on_airfoil(section, trainer_fn, states, hyperparams, raw, *, batch_size=10, n=1500, num_epochs=2):
    """section.train_ch11 (the reference's) with trainer_fn on airfoil, drawing nothing: the losses it plots."""
    from katas.forbid import guarding
    from katas.testkit import D2L, training_seed

    torch.manual_seed(training_seed())
    real = section.d2l
    section.d2l = D2L(real, Animator=Recorder, evaluate_loss=whole_loss)
    rows = airfoil_rows(raw, batch_size, n)
    try:
        with guarding(trainer_fn):  # one guard for the 300 steps
            _, losses = section.train_ch11(trainer_fn, states, hyperparams, rows, 5, num_epochs)
    finally:
        section.d2l = real
    return losses


def check_trains_airfoil(fn_name: str, update, states, hyperparams: dict, raw, bar: float) -> None:
    """d2l's run of this optimizer: the reference's train_ch11 on airfoil (batch 10, 2 epochs) with update,
    reaching bar (the book's figures: a loss of about 0.243-0.25)."""
    __tracebackhide__ = True
    from katas.fixtures import reference
    from katas.testkit import converged

    shown = ", ".join(f"{k}={v}" for k, v in hyperparams.items())
    losses = train_on_airfoil(reference("ch11_5_minibatch_sgd.py"), update, states, hyperparams, raw)
    converged(losses[-1], bar, f"the loss of train_ch11({fn_name}, {shown}) on airfoil after 2 epochs",
              lower_is_better=True)
