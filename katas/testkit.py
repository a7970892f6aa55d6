"""Small pieces that several graded test files share: tensor minibatches, PNG sizes, Modules."""

from __future__ import annotations

import os
import random
import struct
from collections.abc import Callable, Sequence
from pathlib import Path

import torch
from torch import nn

from katas.checks import Mistake, expect, fail
from katas.explain import explain, inplace_on_leaf, missing_super_init, original

__all__ = ["D2L", "Batches", "FakeAnimator", "apply_init", "build", "call", "clears", "inplace_on_leaf", "keep_picture",
           "lazy_animator", "loops_one_short", "png_size", "predicted_batches", "raised", "training_seed",
           "training_subset"]


class FakeAnimator:
    """d2l.Animator without the drawing (each real add saves a PNG): records every add(x, y)."""

    katas_lends = ("add",)  # in instructor mode: what learner code may call on it across processes

    last = None  # the latest one made

    def __init__(self, *args, **kwargs):
        self.points = []
        FakeAnimator.last = self

    def add(self, x, y):
        self.points.append((x, tuple(y) if isinstance(y, (tuple, list)) else (y,)))


class D2L:
    """The d2l namespace of the tests (the reference sections), with some names replaced."""

    def __init__(self, real, **replaced):
        self._real, self._replaced = real, replaced

    def __getattr__(self, name):
        return self._replaced[name] if name in self._replaced else getattr(self._real, name)


class Batches:
    """(X, y) minibatches of tensors, shuffled on every pass when shuffle: a stand-in for a DataLoader."""

    def __init__(self, X, y, batch_size, shuffle=False):
        self.X, self.y, self.batch_size, self.shuffle = X, y, batch_size, shuffle

    def __len__(self):
        return -(-len(self.y) // self.batch_size)  # batches per pass, the last one partial (d2l's train_ch6 asks)

    def __iter__(self):
        n = len(self.y)
        order = torch.randperm(n, device=self.y.device) if self.shuffle else torch.arange(n, device=self.y.device)
        for i in range(0, n, self.batch_size):
            j = order[i : i + self.batch_size]
            yield self.X[j], self.y[j]


def unseen() -> random.Random:
    """A generator for values learner code may learn only through the test's objects (a scripted evaluate_accuracy's
    answers, a fake clock's steps): seeded from the system, never from the test's seed or the random module's state,
    which instructor mode's worker is given, and from which a wrong answer replayed the test's draws (red teams I11
    and I23)."""
    return random.Random(random.SystemRandom().getrandbits(64))


def kept_neighbours(orders: list[list]) -> int:
    """How many neighbours (a then b) of each order are neighbours again in the next one, over all of them. Shuffled
    anew each time, an order keeps about one of its neighbours in the next; an order made without shuffling (the
    same one reversed, rotated, with two items swapped: red team I23) keeps nearly all of them."""
    kept = 0
    for a, b in zip(orders, orders[1:], strict=False):
        following = set(zip(b, b[1:], strict=False))
        kept += sum(pair in following for pair in zip(a, a[1:], strict=False))
    return kept


def training_seed() -> int:
    """The seed a convergence test trains from. It does not follow --seed, so a verdict never changes
    between two runs of the same code; KATAS_TRAIN_SEED sets it only for the seed sweep
    (benchmarks/seed_sweep.py), which proves each bar over 1,000 of them."""
    return int(os.environ.get("KATAS_TRAIN_SEED") or 0)


def training_subset(fashion_mnist, device, run: dict):
    """(train_X, train_y, test_X, test_y) on device: run["train"] training and run["test"] test images of
    Fashion-MNIST, drawn with the training seed, so a convergence run sees the same images every time."""
    train_X, train_y, test_X, test_y = fashion_mnist
    g = torch.Generator().manual_seed(training_seed())
    i = torch.randperm(len(train_y), generator=g)[: run["train"]]
    j = torch.randperm(len(test_y), generator=g)[: run["test"]]
    return tuple(t.to(device) for t in (train_X[i], train_y[i], test_X[j], test_y[j]))


MEASURED: list[tuple[float, float, bool]] = []  # (metric, bar, below) of every bar judged in this process


def clears(metric: float, bar: float, *, below: bool = False) -> bool:
    """Whether a training run's metric clears its bar (metric >= bar; metric < bar when below).

    The pair is kept in MEASURED, where the seed sweep reads each test's margin over the bar.
    """
    MEASURED.append((float(metric), float(bar), below))
    return metric < bar if below else metric >= bar


def predicted_batches(q: int):
    """Batches (X, y) for an accuracy test, of unequal size (a small last one), where X[:, 0] holds a
    prediction (20-90% right). Returns (batches, correct, total, each batch's accuracy); the mean of
    the batch accuracies always differs from the accuracy, so averaging batch means shows."""
    while True:
        batch = random.randint(8, 20)
        sizes = [batch] * random.randint(2, 4) + [random.randint(1, 3)]
        data, batch_acc = [], []
        for s in sizes:
            y = torch.randint(0, q, (s,))
            pred = torch.where(torch.rand(s) < random.uniform(0.2, 0.9), y, (y + 1) % q)
            data.append((pred.float().unsqueeze(1), y))
            batch_acc.append(float((pred == y).float().mean()))
        correct = sum(float((pred[:, 0].long() == y).sum()) for pred, y in data)
        if abs(sum(batch_acc) / len(batch_acc) - correct / sum(sizes)) > 1e-3:
            return data, correct, sum(sizes), batch_acc


def png_size(path) -> tuple[int, int]:
    """(width, height) of a PNG, read from its header."""
    with open(path, "rb") as f:
        head = f.read(24)
    expect(head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG", f"{path.name} 不是 PNG 文件")
    return struct.unpack(">II", head[16:24])


def build(cls, *args):
    """cls(*args), naming the classic slips of a Module class: no super().__init__(), no forward."""
    __tracebackhide__ = True
    try:
        obj = cls(*args)
        obj._parameters  # noqa: B018 (set by nn.Module.__init__: absent when __init__ skipped super().__init__())
    except AttributeError as e:
        if missing_super_init(e):
            en, zh = explain(e, (cls.__name__,))
            fail(en, zh)
        raise
    if getattr(cls, "forward", None) is nn.Module.forward:  # nn.Module's placeholder raises NotImplementedError
        fail(f"{cls.__name__} defines no forward method: name it exactly `forward(self, X)`, at the class's level "
             "(not misspelt, not indented inside __init__)",
             f"{cls.__name__} 没有定义 forward 方法：方法名必须是 `forward(self, X)`，"
             "且与 __init__ 同级（不要拼错，也不要缩进到 __init__ 里）")
    return obj


def raised(kind: type[BaseException], *words: str) -> Callable[[BaseException], bool]:
    """A symptom for Mistake: an exception of this kind whose text holds all the words."""
    return lambda e: isinstance(e, kind) and all(w in str(e) for w in words)


def call(what: str, fn, *args, mistakes: Sequence[Mistake] = (), **kwargs):
    """fn(*args, **kwargs); an exception that one of mistakes recognises (its `when` gets the exception)
    fails with that mistake named first and the original exception after it. Others propagate."""
    __tracebackhide__ = True
    try:
        return fn(*args, **kwargs)
    except Exception as e:
        m = next((m for m in mistakes if m.seen_in(e)), None)
        if m is None:
            raise
        fail(f"{what}: {m.en} ({original(e)})", f"{what}：{m.zh}（{original(e)}）")


def apply_init(net, init, name: str):
    """net.apply(init) for an init function of 4.3 or 5.2, naming the slips that make apply raise."""
    __tracebackhide__ = True
    call(f"net.apply({name})", net.apply, init, mistakes=[
        Mistake(raised(AttributeError, "has no attribute"),
                f"act only when type(m) == nn.Linear: apply calls {name} on every module, ReLU, Flatten and "
                "Sequential too, and they have no weight or bias",
                f"只在 type(m) == nn.Linear 时处理：apply 会对每个模块调用 {name}，包括 ReLU、Flatten 和 Sequential，"
                "它们没有 weight 和 bias"),
        Mistake(inplace_on_leaf,
                "change parameters through nn.init (normal_, constant_, uniform_ work under no_grad) or "
                f"m.weight.data: {name} changed a parameter in place while autograd records",
                f"请通过 nn.init（normal_、constant_、uniform_ 在 no_grad 下工作）或 m.weight.data 修改参数："
                f"{name} 在自动求导记录时原地修改了参数"),
        Mistake(lambda e: raised(TypeError, "cannot assign")(e) or raised(TypeError, "has to be a tensor")(e),
                "fill m.weight in place, with an nn.init function (nn.init.normal_(m.weight, ...), constant_, ...) "
                f"or m.weight.data[:] = ...: {name} assigned a new value to it, which replaces the nn.Parameter "
                "instead of filling it",
                "请原地填充 m.weight：用 nn.init 的函数（nn.init.normal_(m.weight, ...)、constant_ 等）或 "
                "m.weight.data[:] = ...；"
                f"{name} 给它赋了新值，这会替换 nn.Parameter 而不是填充它"),
        Mistake(raised(ValueError, "Fan in and fan out"),
                f"initialise m.weight only: {name} gave the vector m.bias to an initialiser whose fan in and fan out "
                "exist for matrices only",
                f"只初始化 m.weight：{name} 把向量 m.bias 交给了只对矩阵有 fan in/fan out 的初始化函数"),
    ])


def lazy_animator(base: type, made: list) -> type:
    """A subclass of the Animator class base that draws on every add but lays its figure out and saves it
    only once, in keep_picture (a PNG per epoch costs about 0.2 s); made collects its instances."""

    class Animator(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fig.tight_layout = self.fig.savefig = lambda *a, **k: None
            made.append(self)

    return Animator


def keep_picture(exercise_id: str, figure=None, png=None) -> None:
    """Save what a graded test drew where a learner on a terminal can open it: .katas/plots/<id>.png.

    A matplotlib figure is saved with a tight bounding box (two-line titles and axis labels stay
    in); a PNG the learner's code wrote (an Animator's) is copied. The grader lists the pictures
    of the exercises that pass (report.pictures); failing to save one never fails a test.
    """
    import shutil

    from katas.progress import plot_path

    path = plot_path(exercise_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if figure is not None:
            for name in ("tight_layout", "savefig"):  # what lazy_animator put off
                vars(figure).pop(name, None)
            figure.savefig(path, bbox_inches="tight")
        elif png is not None and Path(png).exists():
            shutil.copyfile(png, path)
    except Exception:  # noqa: BLE001 (a picture is a courtesy: the test's own checks decide)
        pass


_EDGES = (  # (where, 中文, the cells a loop one short leaves at 0, the loop that must cover them)
    ("last row", "最后一行", (slice(-1, None), slice(None)), "range(Y.shape[0])"),
    ("last column", "最后一列", (slice(None), slice(-1, None)), "range(Y.shape[1])"),
    ("first row", "第一行", (slice(0, 1), slice(None)), "range(Y.shape[0])"),
    ("first column", "第一列", (slice(None), slice(0, 1)), "range(Y.shape[1])"),
    ("last row and last column", "最后一行和最后一列", None, "range(Y.shape[0]) and range(Y.shape[1])"),
)


def _left_at_zero(actual, expected, cut) -> bool:
    a, e = actual.detach().to("cpu", torch.float64), expected.detach().to("cpu", torch.float64)
    if a.shape != e.shape or a.dim() != 2 or min(a.shape) < 2:
        return False
    missed = torch.zeros_like(a, dtype=torch.bool)
    if cut is None:
        missed[-1, :] = missed[:, -1] = True
    else:
        missed[cut] = True
    return (bool((a[missed] == 0).all()) and bool((e[missed] != 0).any())
            and torch.allclose(a[~missed], e[~missed], rtol=1e-4, atol=1e-5))


def loops_one_short(expected) -> list[Mistake]:
    """Mistakes naming a 2-D result equal to expected except an edge still at 0: the output has the right
    shape, but a loop over its rows or columns stopped one short (range(Y.shape[0] - 1), range(1, ...))."""
    return [Mistake(lambda a, cut=cut: _left_at_zero(a, expected, cut),
                    f"Y's {en} {'were' if ' and ' in en else 'was'} never computed (still 0): a loop stops one "
                    f"short; run it over {rng}, so every output position gets its window",
                    f"Y 的{zh}从未计算（仍为 0）：循环少走了一步；应遍历 {rng}，每个输出位置都要算")
            for en, zh, cut, rng in _EDGES]


def converged(value: float, bar: float, what: str, lower_is_better: bool = False) -> None:
    """The verdict of a convergence test: value (trained from training_seed()) reaches bar.

    The one call each convergence test makes with its metric and bar, so the seed sweep can hook it
    (record value - bar, or bar - value when lower is better: the margin, positive when it passes)."""
    __tracebackhide__ = True
    if not clears(value, bar, below=lower_is_better):
        word, zh_word = ("at most", "不高于") if lower_is_better else ("at least", "不低于")
        fail(f"{what} is {value:.4g}; a correct loop reaches {word} {bar:.4g} with this budget on every training seed "
             "tried", f"{what} 为 {value:.4g}；正确的实现在这个训练预算下对所有试过的种子都能达到{zh_word} {bar:.4g}")


def not_drawn_from(w: torch.Tensor, kind: str) -> str | None:
    """Why weights do not look drawn from kind ("normal" or "uniform"), or None: too few distinct values (one
    constant, or one value with random signs), or, with 5,000 values or more, the wrong shape (excess kurtosis, a
    normal's 0, a uniform's -1.2, two values' -2; its spread there is at most 0.07, the bar 0.5). A test that judged
    only the range, mean or spread passed a constant just under Xavier's bound and +-0.01 with random signs (red team
    I46)."""
    flat = w.detach().reshape(-1).to("cpu", torch.float64)
    n, distinct = flat.numel(), int(torch.unique(flat).numel())
    if distinct < max(2, 0.9 * n):
        return f"only {distinct} distinct values among {n}"
    if n >= 5000:
        z = (flat - flat.mean()) / flat.std()
        kurtosis = float((z ** 4).mean()) - 3
        if abs(kurtosis - {"normal": 0.0, "uniform": -1.2}[kind]) > 0.5:
            return (f"the shape of no {kind} distribution (excess kurtosis {kurtosis:.2f}: a normal's is 0, a "
                    "uniform's -1.2)")
    return None


def unseen_linear_parameters(d: int = 2) -> tuple[torch.Tensor, float]:
    """(w, b) of d2l's sizes (w = [2, -3.4], b = 4.2), drawn with unseen(): a train_linreg that returned d2l's values
    untrained passed (red team I45), in 3.2 and 3.3 alike."""
    draw = unseen()
    return (torch.tensor([draw.choice((-1, 1)) * draw.uniform(1.5, 4.0) for _ in range(d)]),
            draw.choice((-1, 1)) * draw.uniform(2.0, 5.0))
