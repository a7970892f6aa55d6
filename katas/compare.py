"""python grade.py --compare NAME: your function next to the reference's, once it passes.

The two definitions are read with ast (learner code is not imported by the grader itself) and
written back with ast.unparse, so that docstrings, comments, quotes and layout do not show as
differences; they are shown side by side when the terminal is wide enough, else as one diff. For training
exercises, both versions train in child processes with the same seed, and one PNG overlays
their loss and accuracy curves. A recorder per training exercise (CURVES) returns
{series name: one value per epoch}; the plot is the same for all of them.
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tokenize
from functools import partial
from pathlib import Path

from katas.catalog import ROOT, Catalog, Exercise
from katas.i18n import t
from katas.progress import (
    UNPARSABLE,
    Progress,
    fingerprints,
    lines_of,
    parse,
    read_source,
    state_dir,
    unread,
    write_state,
)
from katas.records import cells, clean, cut, frame

RECORD_LIMIT = 120.0  # seconds a training run may take before it is stopped


# --- source ------------------------------------------------------------------------------------


def code_of(source: str, name: str) -> tuple[str, int] | None:
    """The top-level definition `name` as code only, and its first line; None when the file lacks it.

    Read with ast and written back with ast.unparse: docstrings and comments go, quotes, spacing,
    parentheses and trailing commas come out the same way for everyone, so that what differs is what
    the code does. Learner code is parsed, never imported.
    """
    tree = parse(source)
    node = next((n for n in reversed(tree.body) if isinstance(n, _DEFS) and n.name == name), None)  # the last wins
    if node is None:
        return None
    line = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    for inner in ast.walk(node):
        if isinstance(inner, _DEFS) and _is_docstring(inner.body[0]):
            inner.body = inner.body[1:] or [ast.Pass()]
    try:
        return ast.unparse(node) + "\n", line
    except UNPARSABLE:  # deeper than unparse recurses (red team 24: 1,500 nested conditionals): as written
        return "".join(lines_of(source)[line - 1 : node.end_lineno]), line


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def wrap(code: str, width: int) -> str:
    """Each line longer than width broken at the commas of its outermost brackets, one item a line
    (ast.unparse writes a whole nn.Sequential on one line); a line with nothing to break stays long."""
    return "".join(line + "\n" for raw in code.splitlines() for line in _wrap_line(raw, width))


def _wrap_line(line: str, width: int) -> list[str]:
    if cells(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    body = line.lstrip()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(body).readline))
    except (tokenize.TokenError, SyntaxError):
        return [line]
    depth, opening, commas, before = 0, None, [], None
    for tok in tokens:
        if tok.type != tokenize.OP:
            before = tok
            continue
        if tok.string in "([{":
            index = tok.string == "[" and before is not None and (before.type == tokenize.NAME or
                                                                  before.string in ")]")
            if depth == 0 and opening is None and not index:  # Y[i, j] stays whole: an index reads as one
                opening = tok.end[1]
            depth += 1
        elif tok.string in ")]}":
            depth -= 1
            if depth == 0 and opening is not None and opening <= tok.start[1]:  # the first outer pair closes
                items = _split(body[opening : tok.start[1]], [c - opening for c in commas])
                if len(items) < 2:
                    return [line]  # one item: breaking gains little, and a trailing comma would make a tuple
                inner = [w for item in items for w in _wrap_line(indent + "    " + item + ",", width)]
                return [indent + body[:opening], *inner, *_wrap_line(indent + body[tok.start[1] :], width)]
        elif tok.string == "," and depth == 1 and opening is not None:
            commas.append(tok.start[1])
        before = tok
    return [line]


def _split(text: str, at: list[int]) -> list[str]:
    bounds = [0, *(c + 1 for c in at), len(text) + 1]
    items = [text[a : b - 1].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    return [item for item in items if item]


_GOES_ON = "  ↪ "  # before the rest of a line too long for a row: it cannot pass for a row of the grader's


def _fold(line: str, width: int) -> list[str]:
    """A line cut into rows the terminal will not wrap itself (red team 24: a long line of learner code wrapped, and
    its rest read as the grader's score line)."""
    return [r if i == 0 else _GOES_ON + r
            for i, r in enumerate(cut(line.expandtabs(8), width - 1, width - 1 - cells(_GOES_ON)))]


def _pad(s: str, col: int) -> str:
    return s + " " * (col - cells(s))


def _fit(s: str, col: int) -> str:
    """s, its middle elided if it is wider than col (titles hold long paths)."""
    if cells(s) <= col:
        return s
    head, tail = s[: col // 3], s
    while cells(head) + cells("…") + cells(tail) > col:
        tail = tail[1:]
    return head + "…" + tail


def side_by_side(left: str, right: str, left_title: str, right_title: str, width: int) -> str | None:
    """Two columns with a marker between (| changed, < only yours, > only the reference); None if too narrow."""
    # a tab is one character and up to 8 cells (red team 34 pushed a line past its column with tabs in a format spec,
    # and the terminal wrapped its rest into a row of its own)
    a, b = left.expandtabs(8).rstrip("\n").splitlines(), right.expandtabs(8).rstrip("\n").splitlines()
    col = max(cells(s) for s in [*a, *b])
    if 2 * col + 3 > width:
        return None
    col = min(max(col, cells(left_title), cells(right_title)), (width - 3) // 2)
    left_title, right_title = _fit(left_title, col), _fit(right_title, col)
    out = [f"{_pad(left_title, col)}   {right_title}", f"{'-' * col}   {'-' * col}"]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            x = a[i1 + k] if i1 + k < i2 else None
            y = b[j1 + k] if j1 + k < j2 else None
            mark = " " if tag == "equal" else "<" if y is None else ">" if x is None else "|"
            out.append(f"{_pad(x or '', col)} {mark} {y or ''}".rstrip())
    return "\n".join(out)


def unified(left: str, right: str, left_title: str, right_title: str, width: int, colour: bool = False) -> str:
    """The whole definition as one diff: '-' yours only, '+' the reference only, no hunk headers; each line cut to
    the terminal's width."""
    a, b = left.rstrip("\n").splitlines(), right.rstrip("\n").splitlines()
    paint = {"-": "31", "+": "32"} if colour else {}
    out = [f"--- {_fit(left_title, width - 5)}", f"+++ {_fit(right_title, width - 5)}"]
    for line in difflib.unified_diff(a, b, n=max(len(a), len(b)), lineterm=""):
        if line.startswith(("---", "+++", "@@")):
            continue
        code = paint.get(line[:1])
        out += [f"\033[{code}m{row}\033[0m" if code else row for row in _fold(line, width)]
    return "\n".join(out)


def source_report(ex: Exercise, target: Path, lang: str, *, width: int, unified_diff: bool,
                  colour: bool = False) -> str:
    """Each of the exercise's names: yours and the reference's, or a note that they are the same.

    Side by side when both fit in half the terminal each, else one diff as wide as the terminal
    (long lines broken at their commas).
    """
    yours_path, ref_path = target / ex.file, ROOT / "solutions" / ex.file
    try:
        mine_src = read_source(yours_path) if yours_path.exists() else ""
        parse(mine_src)  # the code as Python reads it: cleaned only where shown (red team 20 hid a line behind an
        # escape sequence that cleaning the whole file removed, and crashed the parse of what was left)
    except SyntaxError as e:
        return t("compare_unparsable", lang, path=_rel(yours_path), error=f"{e.msg} (line {e.lineno})")
    except UNPARSABLE as e:  # too deep or too big for the parser, a NUL byte
        return t("compare_unparsable", lang, path=_rel(yours_path), error=type(e).__name__)
    except OSError as e:  # not a file, larger than the grader reads (red team 24: 8 MB took 3.9 GB to parse)
        return unread(_rel(yours_path), e, lang)
    ref_src = ref_path.read_text(encoding="utf-8")
    missing = t("compare_missing", lang) + "\n"
    blocks, differ = [], False
    for name in ex.names:
        mine, theirs = code_of(mine_src, name), code_of(ref_src, name)
        a, b = (mine or (missing, 0))[0], (theirs or (missing, 0))[0]
        a = clean(a, limit=None)  # (ast.unparse writes a string's control characters escaped: this is for safety)
        if a == b:
            blocks.append(t("compare_same", lang, name=name))
            continue
        differ = True
        yours_title = t("compare_yours", lang, path=_at(yours_path, mine))
        ref_title = t("compare_reference", lang, path=_at(ref_path, theirs))
        shown = None if unified_diff else side_by_side(a, b, yours_title, ref_title, width)
        if shown is None:
            shown = unified(wrap(a, width - 2), wrap(b, width - 2), yours_title, ref_title, width, colour)
        blocks.append(shown)
    if differ:
        blocks.append(t("compare_code_only", lang))
    return "\n\n".join(blocks)


def _at(path: Path, found: tuple[str, int] | None) -> str:
    """path:line of a definition (the line an editor opens at), or the path alone."""
    return f"{_rel(path)}:{found[1]}" if found else _rel(path)


def _rel(p: Path) -> str:
    """p as printed: from the workbook's root, links not followed, cleaned (red team 34 linked an exercise file into
    a folder whose name held a screen clear and a fake score, and the title line printed where the link led)."""
    path = Path(os.path.abspath(p))
    return clean(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path), limit=None)


# --- training curves (run in a child process) -------------------------------------------------------


class _QuietAnimator:
    """Stands in for d2l's Animator while curves are recorded: no figure, no file."""

    def __init__(self, *args, **kwargs):
        pass

    def add(self, x, y):
        pass


def _seed_all(seed: int) -> None:
    import torch

    random.seed(seed)
    torch.manual_seed(seed)


def _linreg(module, ref, seed: int) -> dict[str, list[float]]:
    """train_linreg: the squared loss on the whole data set after each epoch."""
    import torch

    _seed_all(seed)
    features, labels = ref.synthetic_data(torch.tensor([2.0, -3.4]), 4.2, 1000)
    history: dict[str, list[float]] = {"train loss": []}
    last = {}
    sgd, data_iter = module.sgd, module.data_iter  # the reference's, swapped in as the tests do

    def recording_sgd(params, lr, batch_size):
        last["params"] = params
        return sgd(params, lr, batch_size)

    def recording_iter(*args):
        yield from data_iter(*args)
        if "params" in last:  # one epoch over: the loss of the model as it stands
            w, b = last["params"]
            with torch.no_grad():
                history["train loss"].append(float(ref.squared_loss(ref.linreg(features, w, b), labels).mean()))

    module.sgd, module.data_iter = recording_sgd, recording_iter
    _seed_all(seed)
    module.train_linreg(features, labels, 10, 0.03, 8)
    return history


def _fashion_subset(seed: int, n_train: int = 6000, n_test: int = 2000, batch_size: int = 256):
    import torch

    from katas import data

    train_X, train_y, test_X, test_y = data.fashion_mnist_tensors()
    g = torch.Generator().manual_seed(seed)
    tr = torch.randperm(len(train_X), generator=g)[:n_train]
    te = torch.randperm(len(test_X), generator=g)[:n_test]
    train = torch.utils.data.TensorDataset(train_X[tr], train_y[tr])
    test = torch.utils.data.TensorDataset(test_X[te], test_y[te])
    train_iter = torch.utils.data.DataLoader(train, batch_size, shuffle=True, generator=g)
    test_iter = torch.utils.data.DataLoader(test, batch_size)
    return train_iter, test_iter


def _softmax_setup(ref, seed: int):
    """d2l 3.6's model and updater, from the reference pieces: the learner's part is the loop."""
    lin = _reference("ch3_2_linear_regression_scratch.py")
    _seed_all(seed)
    W, b = ref.init_params()
    return (lambda X: ref.net(X, W, b)), (lambda batch_size: lin.sgd([W, b], 0.1, batch_size))


def _ch3(module, ref, seed: int) -> dict[str, list[float]]:
    """train_ch3: its returned history of (train loss, train acc, test acc) per epoch."""
    train_iter, test_iter = _fashion_subset(seed)
    net, updater = _softmax_setup(ref, seed)
    module.Animator = _QuietAnimator
    _seed_all(seed)
    history = module.train_ch3(net, train_iter, test_iter, ref.cross_entropy, 5, updater)
    return {name: [float(row[i]) for row in history] for i, name in enumerate(SERIES)}


def _ch3_epochs(module, ref, seed: int) -> dict[str, list[float]]:
    """train_epoch_ch3: what it returns per epoch, and the reference's test accuracy after it."""
    train_iter, test_iter = _fashion_subset(seed)
    net, updater = _softmax_setup(ref, seed)
    out: dict[str, list[float]] = {"train loss": [], "train acc": [], "test acc": []}
    _seed_all(seed)
    for _ in range(5):
        loss, acc = module.train_epoch_ch3(net, train_iter, ref.cross_entropy, updater)
        out["train loss"].append(float(loss))
        out["train acc"].append(float(acc))
        out["test acc"].append(float(ref.evaluate_accuracy(net, test_iter)))
    return out


class _QuietD2L:
    """A section's d2l namespace (Sections) whose Animator draws nothing."""

    Animator = _QuietAnimator

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)


def _ch6(module, ref, seed: int) -> dict[str, list[float]]:
    """train_ch6: its returned history for LeNet with ReLU and max pooling (d2l's sigmoid LeNet needs
    a GPU's worth of steps before it leaves chance), on a subset, on the GPU when there is one."""
    import torch
    from torch import nn

    train_iter, test_iter = _fashion_subset(seed, n_train=3072, n_test=1000, batch_size=64)
    module.d2l = _QuietD2L(module.d2l)
    _seed_all(seed)
    net = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(), nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    history = module.train_ch6(net, train_iter, test_iter, 3, 0.2, device)
    return {name: [float(row[i]) for row in history] for i, name in enumerate(SERIES)}


# exercise id -> recorder(module, reference module, seed); other chapters add theirs here
CURVES = {"train_linreg": _linreg, "train_ch3": _ch3, "train_epoch_ch3": _ch3_epochs, "train_ch6": _ch6}


def _reference(file: str):
    from katas.target import import_file

    return import_file(ROOT / "solutions" / file, "ref")


HISTORY = "katas-history: "  # the line a recording child ends its output with
SERIES = ("train loss", "train acc", "test acc")  # the names a recording's series may have
POINTS_LIMIT = 1000  # values a series may have (one per epoch)


def record(ex_id: str, folder: str, seed: int) -> int:
    """Child process (katas/launch.py --record): walled in as a test child is (katas/sandbox.py), train one version,
    print {series: values} as JSON on the last line of its output (it can write no file the parent reads)."""
    from katas import catalog, data, sandbox
    from katas.target import import_file

    needed = [str(ROOT), str(Path(folder).resolve()), *(str(f) for ds in data.SETS.values() for f in data.folders(ds)),
              *(p for p in sys.path if os.path.isabs(p))]
    work = Path(tempfile.mkdtemp(prefix="job-", dir=os.getcwd()))  # in the parent's folder: removed with it
    os.chmod(work, 0o711)
    processes = sandbox.user_processes(os.getuid()) if hasattr(os, "getuid") else 0
    # its cgroup is named by its own pid as server too: once it is gone, grade.py's wait at exit sees the cgroup of a
    # server that is gone, and waits while it holds processes (katas/exitwait.py)
    sandbox.enter(work, os.getpid(), [p for p in dict.fromkeys(needed) if os.path.exists(p)], (1, 2), processes,
                  os.getpid())
    ex = catalog.load().get(ex_id)
    ref = _reference(ex.file)
    module = import_file(Path(folder) / ex.file, "compare")
    for name in ex.uses:  # as the tests do: only this exercise is the learner's
        setattr(module, name, getattr(ref, name))
    history = CURVES[ex_id](module, ref, seed)
    print("\n" + HISTORY + json.dumps(history), flush=True)
    return 0


def _history(log: str, names: set | None = None) -> dict | str:
    """The history a recording child printed last, checked ({series: [numbers]}, a series the reference has too
    where names are given), else its last line of output. What the learner's run printed is drawn and printed by
    the grader itself: red team 16 sent a series named to break matplotlib's mathtext (its traceback carried
    terminal escapes), 30,000 series (2 GB and minutes of plotting), and a 401-digit number."""
    lines = log.strip().splitlines()
    if lines and lines[-1].startswith(HISTORY):
        try:
            history = json.loads(lines[-1][len(HISTORY):][:2**20])
        except Exception:  # noqa: BLE001 - a child's bytes (a RecursionError's nesting) end nothing here
            history = None
        if isinstance(history, dict) and len(history) <= 8 and all(
                isinstance(k, str) and (names is None or k in names) and isinstance(v, list)
                and len(v) <= POINTS_LIMIT and all(type(x) is float or (type(x) is int and abs(x) < 2**53) for x in v)
                for k, v in history.items()):
            return {k: [float(x) for x in v] for k, v in history.items()}
    return lines[-1][:500] if lines else "no output"


def record_both(ex: Exercise, target: Path, seed: int, lang: str) -> dict[str, dict | str]:
    """Train yours and the reference in two child processes, each stopped past RECORD_LIMIT or the runner's other
    limits (_overstepped), and with grade.py, which waits as it exits for what they left dying; {who: history or
    what went wrong}."""
    from katas import cgroups, exitwait, sandbox, stale
    from katas.measure import Descriptors, born
    from katas.testserver import launch_command

    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1", "KATAS_RUNNER_PID": str(os.getpid()),
           # two children train at once: one core each (as the test processes), or OpenMP threads spin
           "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS") or str(max(1, (os.cpu_count() or 2) // 2))}
    out: dict[str, dict | str] = {}
    too_much = Stopped(t("compare_memory", lang, mib=cgroups.memory_limit() >> 20))
    tmp = stale.make_folder()  # katas-<pid>-...: the next grading removes it if this one is killed outright (red team
    try:  # 135: a SIGKILLed --compare left its training logs, up to 64 MiB, in /tmp for good)
        children, stopped = {}, {}
        try:
            for who, folder in (("yours", target), ("reference", ROOT / "solutions")):
                log = open(tmp / "private" / f"{who}.log", "wb")
                cmd = launch_command("--record", ex.id, str(folder), str(seed))
                children[who] = (subprocess.Popen(cmd, cwd=tmp, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                                  stderr=subprocess.STDOUT, start_new_session=True), log, Descriptors())
            deadline = time.monotonic() + RECORD_LIMIT
            while any(c.poll() is None for c, _, _ in children.values()):
                for who, (child, _, seen) in children.items():
                    why = child.poll() is None and who not in stopped and _overstepped(child.pid, seen, deadline, lang)
                    if why:
                        stopped[who] = why
                        _kill(child)
                time.sleep(0.2)
        finally:  # Ctrl-C or a kill of grade.py too: whatever a run started goes with it
            for who, (child, log, seen) in children.items():
                _kill(child)
                if child.wait() == sandbox.OUT_OF_MEMORY:  # its cgroup's cap, where one caps it
                    stopped.setdefault(who, too_much)
                log.close()
                cgroups.sweep(child.pid)  # its memory cgroup (katas-<its pid>-<its pid>), once empty
                # what it started, as the looks saw it (where no cgroup counts them), and any cgroup of a run that is
                # gone still holding processes: grade.py waits for them as it exits (red team 129's helpers, big
                # address spaces slow to die, outlived grade.py by 36 s)
                exitwait.wait_at_exit([(p, start) for p in seen.depths if (start := born(p)) is not None])
        logs = {who: (tmp / "private" / f"{who}.log").read_text(errors="replace")[-2**21:] for who in children}
        reference = _history(logs["reference"])
        for who in children:
            out[who] = stopped.get(who) or (reference if who == "reference" else _history(logs[who],
                                                                                           allowed_series(reference)))
    finally:
        stale.remove_tree(tmp)
    return out


def _overstepped(pid: int, seen, deadline: float, lang: str) -> Stopped | None:
    """Why a training run is stopped now, if it is: the runner's limits (katas/runner.py's _police), by the parent's
    own look at it (red team 129 held 2 GiB past a 1 GiB cap here, where no look for hidden processes was made)."""
    from katas import measure

    if time.monotonic() > deadline:
        return Stopped(t("compare_too_long", lang, seconds=RECORD_LIMIT))
    why = measure.overstepped(pid, seen)
    if why == "memory":
        return Stopped(t("compare_memory", lang, mib=measure.memory_limit() >> 20))
    if why:
        return Stopped(t(f"compare_{why}", lang, n=measure.EPOLL_WATCH_LIMIT))
    if measure.files_short() and measure.open_files(pid) > measure.FILES_LIMIT:
        return Stopped(t("compare_files", lang, n=measure.FILES_LIMIT))
    return None


def allowed_series(reference: dict | str) -> set[str]:
    """The series a learner's recording may hold: the reference's, or where it gave none the names a recording may
    have (red team 41 printed a fake score row as a series' name, the reference run failing on a changed data file)."""
    return set(reference) if isinstance(reference, dict) else set(SERIES)


class Stopped(str):
    """Why the grader stopped a training run: its own words, not the run's."""


def _kill(child: subprocess.Popen) -> None:
    try:  # its process group: the keeper of its walls, and through it the PID namespace it keeps
        os.killpg(child.pid, signal.SIGKILL)
    except OSError:
        pass


DRAWN_LIMIT = 1e30  # a value past it is drawn at it: matplotlib cannot place ticks on an axis of ±1e308 (red team 39)


def _drawable(ys: list) -> list[float]:
    """A series as matplotlib can draw it: NaN for what is not finite, the rest within ±DRAWN_LIMIT."""
    return [max(-DRAWN_LIMIT, min(DRAWN_LIMIT, v)) if math.isfinite(v) else math.nan for v in ys]


def plot(ex_id: str, histories: dict[str, dict], seed: int, lang: str) -> bytes:
    """One PNG: a loss panel and, when there are accuracies, an accuracy panel; yours a blue line, the
    reference a pale orange band beneath it."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if lang == "zh":
        font = _cjk_font()
        if font is None:
            lang = "en"  # no font here draws 中文: English labels beat empty boxes
        else:
            plt.rcParams["font.sans-serif"] = [font, *plt.rcParams["font.sans-serif"]]
    series = list(dict.fromkeys(name for h in histories.values() for name in h))
    panels = [[s for s in series if "acc" not in s], [s for s in series if "acc" in s]]
    panels = [p for p in panels if p]
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 3.6), squeeze=False)
    # the reference is a wide pale band drawn first, yours a thin dark line with markers on top: a
    # correct loop lies inside the band and both stay visible; the series of one run differ in line style
    looks = {"reference": dict(color="tab:orange", linewidth=7, alpha=0.35, solid_capstyle="round", zorder=1),
             "yours": dict(color="tab:blue", linewidth=1.5, marker="o", markersize=4, zorder=3)}
    styles = ("-", "--", ":", "-.")
    for ax, names in zip(axes[0], panels, strict=True):
        for i, name in enumerate(names):
            for who, look in looks.items():
                ys = _drawable(histories.get(who, {}).get(name) or [])
                if ys:
                    ax.plot(range(1, len(ys) + 1), ys, styles[i % len(styles)], **look,
                            label=f"{name} ({t('curve_' + who, lang)})")
        values = [v for who in histories.values() for name in names for v in _drawable(who.get(name, []))
                  if v == v]
        if "acc" not in names[0] and values and min(values) > 0 and max(values) > 20 * min(values):
            ax.set_yscale("log")  # a loss that falls by orders of magnitude
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(t("curve_epoch", lang))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"{ex_id} · seed {seed}")
    fig.tight_layout()
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return png.getvalue()


def final_numbers(histories: dict[str, dict], lang: str) -> str:
    """The last epoch's values of each run, one row per run, and whether the curves agree."""
    series = list(dict.fromkeys(name for h in histories.values() for name in h))
    epochs = max(len(v) for h in histories.values() for v in h.values())
    who_width = max(cells(t("curve_" + who, lang)) for who in histories)
    lines = [t("compare_final", lang, epoch=epochs),
             " " * (who_width + 2) + "".join(f"{name:>12}" for name in series)]
    for who, h in histories.items():
        values = "".join(f"{h[name][-1]:>12.4g}" if h.get(name) else f"{'-':>12}" for name in series)
        lines.append("  " + _pad(t("curve_" + who, lang), who_width) + values)
    if len(histories) == 2:
        a, b = histories.values()
        gap = max((abs(x - y) for name in series for x, y in zip(a.get(name, []), b.get(name, []), strict=False)),
                  default=None)
        if gap is not None and all(len(a.get(n, [])) == len(b.get(n, [])) for n in series):
            lines.append(t("compare_same_curves" if gap < 1e-4 else "compare_gap", lang, gap=f"{gap:.3g}"))
    return "\n".join(lines)


def _cjk_font() -> str | None:
    from matplotlib import font_manager

    wanted = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei",
              "Microsoft YaHei", "PingFang SC", "Heiti SC", "Arial Unicode MS")
    have = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in wanted if name in have), None)


# --- the command ---------------------------------------------------------------------------------------


def main(catalog: Catalog, name: str, target: Path, lang: str, *, force: bool = False, unified: bool = False,
         seed: int | None = None) -> int:
    from katas.grading import pick
    from katas.report import use_colour

    ex = pick(catalog, name, lang)
    if ex is None:
        return 2
    if not force:
        status = passes(catalog, ex, target, lang)
        if status != "passed":
            print(t("compare_locked", lang, id=ex.id, status=t("status_" + status, lang)))
            return 1
    width = shutil.get_terminal_size((100, 24)).columns
    print(source_report(ex, target, lang, width=width, unified_diff=unified, colour=use_colour(sys.stdout)))
    if ex.id in CURVES:
        seed = seed if seed is not None else random.SystemRandom().randrange(10_000)
        print("\n" + t("compare_training", lang, seed=seed), flush=True)
        histories = record_both(ex, target, seed, lang)
        ok = {who: h for who, h in histories.items() if isinstance(h, dict)}
        for who, h in histories.items():
            if isinstance(h, Stopped):
                print(t("compare_run_stopped", lang, who=t("who_" + who, lang), why=h))
            elif not isinstance(h, dict):  # its last line, behind the gutter: a child's text starts no row of ours
                print(t("compare_run_failed", lang, who=t("who_" + who, lang)) + "\n" + frame(h, lines=8))
        if ok:
            print(clean(final_numbers(ok, lang), limit=None))
            png = state_dir() / "compare" / f"{ex.id}.png"
            if write_state(png, plot(ex.id, ok, seed, lang)):
                print(t("compare_png", lang, path=_rel(png)))
    return 0


def passes(catalog: Catalog, ex: Exercise, target: Path, lang: str) -> str:
    """The exercise's status on the source there now: remembered, or graded now (and remembered)."""
    memory = Progress(target)
    prints = fingerprints(target, catalog, [ex])
    known = memory.known(ex, prints[ex.id])
    if known is not None:
        return known.status
    from katas.grading import fetch_before_tests, grade

    print(t("compare_checking", lang, id=ex.id), file=sys.stderr, flush=True)
    seed = random.SystemRandom().randrange(10_000)
    results, _ = grade([ex], target, str(target), seed, fetch=partial(fetch_before_tests, lang))  # remembered
    return results.exercises[0].status
