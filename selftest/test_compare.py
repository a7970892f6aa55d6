"""--compare: the two definitions side by side or as a diff, locked until the exercise passes; curves in a PNG."""

import json
import os
import shutil
import sys
import textwrap
import time
from pathlib import Path

import pytest

from katas import catalog as catalog_mod
from katas import compare, records

ROOT = Path(__file__).resolve().parent.parent
FILE = "ch3_2_linear_regression_scratch.py"
MINE = '''def squared_loss(y_hat, y):
    """Per-example squared loss (y_hat - y)^2 / 2, in y_hat's shape; no reduction."""
    diff = y_hat - y.reshape(y_hat.shape)
    return diff * diff / 2
'''


BOOK_STYLE = '''class Accumulator:  #@save
    """在n个变量上累加"""
    def __init__(self, n, ):
        self.data = [ 0.0 ]*n

    def add(self, *args):
        # float(b): a tensor would keep its graph alive
        self.data = [a + float(b)
                     for a, b in zip(self.data, args, strict = True)]

    def reset(self):
        "Back to zeros."
        self.data = [0.0] * len((self.data))

    def __getitem__(self, idx):
        return self.data[idx]
'''


@pytest.fixture(autouse=True)
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("KATAS_STATE", str(tmp_path / "state"))
    return tmp_path / "state"


@pytest.fixture
def mine(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(ROOT / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
    path = folder / FILE
    text = path.read_text(encoding="utf-8")
    start, end = text.index("def squared_loss"), text.index("def sgd")
    path.write_text(text[:start] + MINE + "\n\n" + text[end:], encoding="utf-8")
    return folder


def _ex(name):
    return catalog_mod.load().get(name)


def test_side_by_side_golden(mine):
    out = compare.source_report(_ex("squared_loss"), mine, "en", width=200, unified_diff=False)
    lines = out.splitlines()
    assert lines[0].startswith("yours: ") and "reference: solutions/" + FILE in lines[0]
    assert lines[2].split() == ["def", "squared_loss(y_hat,", "y):", "def", "squared_loss(y_hat,", "y):"]
    changed = [ln for ln in lines if " | " in ln]
    left, right = changed[0].split(" | ")
    assert left.rstrip() == "    diff = y_hat - y.reshape(y_hat.shape)"
    assert right == "    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2"
    (last,) = [ln for ln in lines if ln.startswith("    return diff * diff / 2")]
    assert last.endswith(" <")  # only on your side
    assert "def sgd" not in out  # the function, not the whole file
    assert "Per-example" not in out  # the code, not the docstring
    line = (mine / FILE).read_text(encoding="utf-8").splitlines().index("def squared_loss(y_hat, y):") + 1
    assert lines[0].split()[1].endswith(f"{FILE}:{line}")  # the line an editor opens


def test_docstrings_comments_quotes_and_layout_are_no_difference(tmp_path):
    """The same code written another way (the book's docstring, comments, quotes, spacing, a trailing comma)."""
    folder = tmp_path / "mine"
    shutil.copytree(ROOT / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
    path = folder / "ch3_6_softmax_scratch.py"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("class Accumulator"), text.index("def evaluate_accuracy(")
    path.write_text(text[:start] + BOOK_STYLE + "\n\n" + text[end:], encoding="utf-8")
    out = compare.source_report(_ex("Accumulator"), folder, "en", width=100, unified_diff=False)
    assert out == "Accumulator: the same as the reference"


@pytest.mark.parametrize("name", ["corr2d", "train_ch6", "Accumulator", "linreg_sgd", "lenet"])
def test_readable_at_100_columns(name):
    """The stub against the reference: code only, every line within 100 columns, nothing of the docstrings."""
    out = compare.source_report(_ex(name), ROOT / "exercises", "en", width=100, unified_diff=False)
    assert all(records.cells(line) <= 100 for line in out.splitlines()), out
    assert "Check: python grade.py" not in out and "TODO" not in out and "@@" not in out
    assert "raise NotImplementedError" in out  # the stub, shown against the reference


def test_the_last_definition_is_the_one_compared():
    """As Python runs the file: a second def of the same name (appended to try a fix) replaces the first."""
    source = "def f():\n    return 1\n\n\ndef f():\n    return 2\n"
    assert compare.code_of(source, "f") == ("def f():\n    return 2\n", 5)


def test_wrap_breaks_calls_at_their_commas_and_keeps_an_index_whole():
    line = "    net = nn.Sequential(nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(), nn.Flatten())"
    assert compare.wrap(line, 60).splitlines() == [
        "    net = nn.Sequential(", "        nn.Conv2d(1, 6, kernel_size=5, padding=2),", "        nn.Sigmoid(),",
        "        nn.Flatten(),", "    )"]
    index = "            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()"
    assert compare.wrap(index, 40) == index + "\n"  # nothing worth breaking: left long


def test_final_numbers_say_whether_the_runs_agree():
    ref = {"train loss": [0.9, 0.5], "test acc": [0.6, 0.75]}
    same = compare.final_numbers({"yours": dict(ref), "reference": ref}, "en").splitlines()
    assert same[0] == "after epoch 2:" and same[1].split() == ["train", "loss", "test", "acc"]
    assert same[2].split() == ["yours", "0.5", "0.75"] and same[3].split() == ["reference", "0.5", "0.75"]
    assert same[4].startswith("the two runs agree at every epoch")
    off = compare.final_numbers({"yours": {"train loss": [2.3, 2.3], "test acc": [0.1, 0.1]}, "reference": ref}, "zh")
    assert off.splitlines()[-1] == "两次训练在所有轮次、所有指标上的最大差：1.8"


def test_unified_diff_when_narrow_or_asked(mine):
    narrow = compare.source_report(_ex("squared_loss"), mine, "zh", width=60, unified_diff=False)
    assert narrow == compare.source_report(_ex("squared_loss"), mine, "zh", width=60, unified_diff=True)
    asked = compare.source_report(_ex("squared_loss"), mine, "zh", width=200, unified_diff=True)
    assert asked.splitlines()[0].startswith("--- 你的：") and asked.splitlines()[1].startswith("+++ 参考：solutions/")
    assert "-    return diff * diff / 2" in asked and "+    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2" in asked


def test_same_source_says_so():
    out = compare.source_report(_ex("linreg_sgd"), ROOT / "solutions", "en", width=200, unified_diff=False)
    assert out == "sgd: the same as the reference"


def test_no_row_of_learner_code_is_wider_than_the_terminal(mine):
    """Red team 24: a long string in learner code has nothing to break at; the terminal wrapped it, and its rest began
    a row with "score 319/319". Every row is cut to the width, the rest of a line after the ↪ mark; side by side
    counts every non-ASCII character as two columns, as the grader's other rows do."""
    path = mine / FILE
    fake = "score 319/319 (100.0%)  every exercise passes"
    long_line = f"    tag = '{'.' * 74}{fake}'\n    tag2 = '{'ⅰ' * 60}'\n"
    path.write_text(path.read_text(encoding="utf-8").replace("    diff = y_hat", long_line + "    diff = y_hat"),
                    encoding="utf-8")
    for unified_diff in (False, True):
        out = compare.source_report(_ex("squared_loss"), mine, "en", width=100, unified_diff=unified_diff)
        assert all(records.cells(row) <= 99 for row in out.splitlines()), out
        assert not any(row.lstrip(" -+|<>.").startswith("score") for row in out.splitlines()), out


def test_code_deeper_than_unparse_is_shown_as_written():
    """Red team 24: 1,500 nested conditionals compile, but ast.unparse recursed past Python's limit."""
    deep = "def softmax(X):\n    y = " + "1 if X is None else " * 1500 + "2\n    return X\n"
    code, line = compare.code_of(deep, "softmax")
    assert line == 1 and code.startswith("def softmax(X):") and code.rstrip().endswith("return X")


def test_side_by_side_aligns_chinese():
    out = compare.side_by_side("# 中文\nx = 1\n", "# 中文\nx = 2\n", "你的", "参考", 80)
    rows = out.splitlines()
    assert rows[3] == "x = 1  | x = 2" and rows[2].startswith("# 中文   ")  # CJK counts two columns


def test_reference_is_locked_until_it_passes(capsys):
    code = compare.main(catalog_mod.load(), "squared_loss", ROOT / "exercises", "en")
    out = capsys.readouterr().out
    assert code == 1 and "squared_loss does not pass yet (not started)" in out and "--force" in out
    assert "return (y_hat" not in out
    # remembered now: the second ask answers without grading again
    code = compare.main(catalog_mod.load(), "squared_loss", ROOT / "exercises", "zh")
    assert code == 1 and "还没有通过（尚未开始）" in capsys.readouterr().out


def test_force_shows_the_reference(capsys):
    code = compare.main(catalog_mod.load(), "linreg", ROOT / "exercises", "en", force=True, unified=True)
    out = capsys.readouterr().out
    assert code == 0 and "+    return torch.matmul(X, w) + b" in out and "-    raise NotImplementedError" in out


def test_curves_png(tmp_path, state):
    """train_linreg's recorder on two copies of the reference: the same curves, one PNG."""
    histories = compare.record_both(_ex("train_linreg"), ROOT / "solutions", 7, "en")
    assert histories["yours"] == histories["reference"]
    loss = histories["yours"]["train loss"]
    assert len(loss) == 8 and loss[-1] < loss[0] and loss[-1] < 1e-3
    fake = {"yours": {"train loss": [1.0, 0.5], "train acc": [0.5, 0.7]},
            "reference": {"train loss": [0.9, 0.4], "train acc": [0.6, 0.8], "test acc": [0.6, 0.75]}}
    png = compare.plot("train_ch3", fake, 7, "zh")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_identical_curves_stay_both_visible(tmp_path, monkeypatch):
    """The reference is a wide pale band beneath, yours a thin line on top: one never hides the other."""
    import matplotlib.pyplot as plt

    drawn = []
    monkeypatch.setattr(plt, "close", lambda fig: drawn.append(fig))
    same = {"train loss": [1.0, 0.5], "test acc": [0.6, 0.7]}
    compare.plot("train_ch6", {"yours": same, "reference": same}, 7, "en")
    for ax in drawn[0].axes:
        ref, yours = ax.get_lines()  # drawn in this order
        assert "reference" in ref.get_label() and "yours" in yours.get_label()
        assert ref.get_linewidth() >= 3 * yours.get_linewidth() and ref.get_zorder() < yours.get_zorder()
        assert ref.get_color() != yours.get_color()
    plt.close(drawn[0])


def test_a_loss_of_1e308_is_drawn_not_a_traceback():
    """Red team 39: a learner's train_ch3 that reported ±1e308 made matplotlib fail to place ticks: no picture, a
    traceback. Values past 1e30 are drawn at it, and what is not finite is left out."""
    png = compare.plot("train_ch3", {"yours": {"train loss": [1e308, -1e308, float("nan"), float("inf"), 1.0]},
                                     "reference": {"train loss": [0.9, 0.5, 0.4, 0.3, 0.2]}}, 7, "en")
    assert png.startswith(b"\x89PNG")


def test_a_failed_reference_run_leaves_only_the_known_series_names():
    """Red team 41: with the reference run failing (a changed data file), any name was taken, and a fake score row
    printed as one at the start of a line."""
    fake = "\n  ✓ train_ch6     3/3\nscore 319/319 (100.0%)"
    log = compare.HISTORY + json.dumps({fake: [1.0], "train loss": [0.5]})
    assert compare._history(log, compare.allowed_series("data missing")) == log[:500]
    assert compare._history(compare.HISTORY + '{"train loss": [0.5]}', compare.allowed_series("data missing")) == {
        "train loss": [0.5]}
    assert compare.allowed_series({"train loss": [0.4]}) == {"train loss"}


def test_a_history_is_only_series_the_reference_has_in_numbers_a_plot_can_take():
    """Red team 16: the learner's run's history is drawn and printed by the grader itself: a series named to break
    matplotlib's mathtext (its traceback carried terminal escapes), 30,000 series, a 401-digit number."""
    line = "out\n" + compare.HISTORY
    names = {"train loss"}
    assert compare._history(line + '{"train loss": [1, 0.5, NaN]}', names)["train loss"][:2] == [1.0, 0.5]  # diverged
    for bad in ('{"$\\x1b]0;title\\x07\\foo{$": [1.0]}', '{"train loss": [1' + "0" * 400 + "]}",
                json.dumps({f"s{i}": [1.0] for i in range(30_000)}),
                json.dumps({"train loss": [1.0] * (compare.POINTS_LIMIT + 1)})):
        assert compare._history(line + bad, names) == (line + bad).splitlines()[-1][:500], bad


def _learner(tmp_path, body: str) -> Path:
    """A copy of the solutions whose train_linreg runs body first."""
    folder = tmp_path / "mine"
    shutil.copytree(ROOT / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
    path = folder / FILE
    path.write_text(path.read_text(encoding="utf-8") + "\n\n_real = train_linreg\n\n\ndef train_linreg(*a, **k):\n"
                    + textwrap.indent(textwrap.dedent(body), "    ") + "    return _real(*a, **k)\n", encoding="utf-8")
    return folder


SOCKETS_IN_FLIGHT = """
    import array, contextlib, socket, time
    carrier, kept = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    with contextlib.suppress(OSError):
        for _ in range(900):
            sender, receiver = socket.socketpair()
            sender.setblocking(False)
            with contextlib.suppress(OSError):
                while True:
                    sender.send(bytes(65536))
            carrier.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [receiver.fileno()]))])
            sender.close()
            receiver.close()
    time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_a_run_past_its_memory_or_time_is_stopped_and_says_so(tmp_path, monkeypatch):
    """Red team 16: a learner's training run held 3.6 GiB past a 1 GiB cap (no cgroup: an ordinary user), and ran
    on, with its keeper, after grade.py was killed."""
    monkeypatch.setenv("KATAS_MEMORY_LIMIT", str(2**30))
    out = compare.record_both(_ex("train_linreg"), _learner(tmp_path, SOCKETS_IN_FLIGHT), 7, "en")
    assert out["yours"] == "it used more than 1024 MiB of memory and was stopped", out["yours"]
    assert isinstance(out["reference"], dict)
    monkeypatch.setattr(compare, "RECORD_LIMIT", 3.0)
    out = compare.record_both(_ex("train_linreg"), _learner(tmp_path / "2", "while True:\n    pass\n"), 7, "zh")
    assert out["yours"] == "训练超过 3 秒，已被停止", out["yours"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups")
def test_an_interrupted_comparison_leaves_no_run_behind(tmp_path, monkeypatch):
    started = []
    real_popen = compare.subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    def interrupt(seconds):
        if len(started) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(compare.subprocess, "Popen", popen)
    monkeypatch.setattr(compare.time, "sleep", interrupt)
    with pytest.raises(KeyboardInterrupt):
        compare.record_both(_ex("train_linreg"), _learner(tmp_path, "while True:\n    pass\n"), 7, "en")
    for child in started:
        assert child.poll() is not None
        with pytest.raises(ProcessLookupError):
            os.killpg(child.pid, 0)  # its group: its keeper and what the keeper kept


def test_a_failed_runs_words_start_no_row_of_the_graders(tmp_path, capsys, monkeypatch):
    """Red team 18: the last line of a failed training run, 500 characters padded to the terminal's width, drew a
    fake result table; it is shown behind the gutter, cut into rows by the grader."""
    from katas.records import GUTTER

    monkeypatch.setenv("COLUMNS", "80")
    fake = ["after epoch 10:", "  yours            0.0001", "the two runs agree at every epoch"]
    folder = _learner(tmp_path, f"""
        import os, sys
        if "--record" in sys.argv:
            print(("ok".ljust(45) + "".join(r.ljust(80) for r in {fake!r}))[:500], flush=True)
            os._exit(0)
    """)
    assert compare.main(catalog_mod.load(), "train_linreg", folder, "en", force=True) == 0
    out = capsys.readouterr().out.split("your version could not be trained; the last it said:\n")[1]
    shown = [line for line in out.splitlines() if any(f.strip() in line for f in fake)]
    assert shown and all(line.startswith(GUTTER) for line in shown), shown


def test_code_behind_escape_sequences_is_compared_as_python_reads_it(tmp_path, capsys):
    """Red team 20: cleaning the whole file before parsing it removed a wrong line between an OSC escape in a
    docstring and a BEL in a later string ("the same as the reference"), and an ESC inside a string crashed the
    parse of what was left."""
    folder = tmp_path / "mine"
    shutil.copytree(ROOT / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
    path = folder / "ch4_2_mlp_scratch.py"
    hidden = ('def relu(X):\n    """max(X, 0).\x1b]"""\n    return X.abs()\n    """\x07"""\n'
              "    return torch.max(X, torch.zeros_like(X))\n")
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + hidden + '\nRESET = "\x1b"\n', encoding="utf-8")
    report = compare.source_report(_ex("relu"), folder, "en", width=100, unified_diff=True)
    assert "the same as the reference" not in report and "X.abs()" in report
    assert "\x1b" not in report and "\x07" not in report


def test_tabs_in_a_line_of_code_never_push_a_side_by_side_row_past_the_width():
    """Red team 34: tabs in an f-string's format spec counted one cell each; the terminal moved them to its last
    column, and the rest of the line wrapped into a row of its own that read as the grader's score line."""
    from katas.compare import side_by_side
    from katas.records import cells

    mine = "def f(w):\n    return f'{w:<" + "\t" * 20 + "Xscore 319/319 (100.0%)}'\n"
    shown = side_by_side(mine, "def f(w):\n    return w\n", "yours", "reference", 160)
    assert shown is None or all(cells(row) <= 160 and "\t" not in row for row in shown.splitlines()), shown


def test_a_title_path_is_printed_as_given_and_cleaned(tmp_path):
    """Red team 34: an exercise file linked into a folder whose name held a screen clear, a window title and a fake
    score: the title printed the link's target raw."""
    from katas.compare import _rel

    folder = tmp_path / "mywork\x1b]0;PWNED\x07\x1b[2J\x1b[Hscore 319 of 319"
    folder.mkdir()
    (folder / "x.py").write_text("")
    (tmp_path / "link.py").symlink_to(folder / "x.py")
    shown = _rel(tmp_path / "link.py")
    assert shown.endswith("link.py") and "\x1b" not in shown and "\x07" not in shown
    assert "\x1b" not in _rel(folder / "x.py")


def test_a_training_run_is_stopped_past_the_limits_a_test_child_has(monkeypatch):
    """Red team 129: a --compare run held 2 GiB past a 1 GiB cap, in a process it hid from the look at its memory:
    the run's limits are the runner's (a hidden process, epoll watches, open files while the machine runs short)."""
    from katas import measure
    from katas.i18n import t

    class Seen:
        unreadable, epoll_watches = {5}, 0

    monkeypatch.setattr(measure, "over_memory", lambda pid, seen: False)
    monkeypatch.setattr(measure, "machine_files", lambda: (90, 100))
    monkeypatch.setattr(measure, "open_files", lambda pid: measure.FILES_LIMIT + 1)
    later = time.monotonic() + 60
    assert compare._overstepped(1, Seen, later, "en") == t("compare_unmeasured", "en")
    Seen.unreadable, Seen.epoll_watches = set(), measure.EPOLL_WATCH_LIMIT + 1
    assert compare._overstepped(1, Seen, later, "zh") == t("compare_watches", "zh", n=measure.EPOLL_WATCH_LIMIT)
    Seen.epoll_watches = 0
    assert compare._overstepped(1, Seen, later, "en") == t("compare_files", "en", n=measure.FILES_LIMIT)
    monkeypatch.setattr(measure, "machine_files", lambda: (10, 100))  # plenty left: open files are no matter
    assert compare._overstepped(1, Seen, later, "en") is None
    assert compare._overstepped(1, Seen, time.monotonic() - 1, "en") == t("compare_too_long", "en",
                                                                          seconds=compare.RECORD_LIMIT)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_grade_py_waits_at_exit_for_what_each_training_run_left(tmp_path, monkeypatch):
    """Red team 129: helpers of a --compare run, slow to die, outlived grade.py by 36 s: each run's processes as the
    looks saw them, and any cgroup of a run that is gone still holding processes, are waited for at exit."""
    from katas import exitwait

    waits = []
    monkeypatch.setattr(exitwait, "wait_at_exit", lambda pids=(): waits.append(list(pids)))
    out = compare.record_both(_ex("train_linreg"), _learner(tmp_path, "pass\n"), 7, "en")
    assert isinstance(out["reference"], dict) and isinstance(out["yours"], dict) and len(waits) == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, SIGKILL")
def test_a_comparison_killed_outright_leaves_a_folder_the_next_grading_removes(tmp_path):
    """Red team 135: a SIGKILLed --compare left its folder, training logs up to 64 MiB, in /tmp for good (its name
    was none the next grading knew). It is a grader's folder now: katas-<pid>-..., its owner named inside."""
    import signal
    import subprocess
    import tempfile

    from katas import stale

    folder = _learner(tmp_path, "while True:\n    pass\n")
    code = (f"from katas import catalog, compare\ncompare.record_both(catalog.load().get('train_linreg'), "
            f"__import__('pathlib').Path({str(folder)!r}), 7, 'en')")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    try:
        end, made = time.monotonic() + 60, []
        while not made and time.monotonic() < end:
            time.sleep(0.2)
            made = list(Path(tempfile.gettempdir()).glob(f"katas-{proc.pid}-*"))
        assert made, "no folder of the comparison's"
        time.sleep(1)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert made[0].exists()
    assert made[0] in stale.sweep() and not made[0].exists()
