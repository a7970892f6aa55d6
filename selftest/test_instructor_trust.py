"""What instructor mode's driver lends and reads stays trusted (red team I): no learner file is unpickled or
imported there, the lent d2l hands out no way to import one and never the graded answer, no link into
solutions/ is sent as the learner's text, and a worker whose walls did not hold runs nothing.

All in this process (no zygote): the worker-level checks are in test_instructor_protocol.py.
"""

from __future__ import annotations

import ast
import copy
import os
import re
import sys
from pathlib import Path

import pytest
import torch
from torch import nn

from katas import catalog as catalog_mod
from katas import fixtures, remote, target, worker
from katas.sections import Sections, lend

ROOT = Path(__file__).resolve().parent.parent
CATALOG = catalog_mod.load()


def _solution(name: str) -> Path:
    return ROOT / "solutions" / name


def test_a_lent_d2l_gives_the_functions_and_classes_its_files_define_only():
    d2l = lend(Sections(str(_solution("ch11_5_minibatch_sgd.py")), "ch11_5_minibatch_sgd.py",
                        "ch3_3_linear_regression_concise.py"), ("get_data_ch11",))
    assert callable(d2l.load_array) and isinstance(d2l.Timer, type) and callable(d2l.evaluate_loss)
    for name in ("Sections", "download", "torch", "np", "nn", "__file__", "lend"):
        with pytest.raises(AttributeError):
            getattr(d2l, name)
    with pytest.raises(AttributeError, match="being graded"):
        getattr(d2l, "get_data_ch11")  # noqa: B009


def test_every_lent_d2l_withholds_its_exercises_own_names():
    lending = [ex for ex in CATALOG.exercises if "d2l" in ex.uses]
    assert len(lending) >= 20
    for ex in lending:
        d2l = vars(fixtures._lent(ex))["d2l"]
        for name in ex.names:
            with pytest.raises(AttributeError, match="being graded"):
                getattr(d2l, name)


def test_a_lent_d2l_withholds_what_its_file_builds_with_the_answer():
    ex = CATALOG.get("SeqDataLoader")
    d2l = vars(fixtures._lent(ex))["d2l"]
    with pytest.raises(AttributeError, match="being graded"):  # it returns a reference SeqDataLoader
        getattr(d2l, "load_data_time_machine")  # noqa: B009
    assert callable(d2l.seq_data_iter_random)  # what the book's SeqDataLoader calls is lent


def test_the_driver_never_imports_a_file_of_the_graded_folder(tmp_path, monkeypatch):
    (tmp_path / "learner.py").write_text("import sys\nsys.modules['isec_ran'] = True\n", encoding="utf-8")
    monkeypatch.setattr(target, "_only", None)
    target.only_import(ROOT / "solutions")
    with pytest.raises(target.TargetImportError, match="never imports the graded code"):
        target.import_file(tmp_path / "learner.py", "target")
    with pytest.raises(target.TargetImportError, match="never imports the graded code"):
        getattr(Sections(str(tmp_path / "learner.py"), "learner.py"), "anything")  # noqa: B009 - what R2's lent Sections did
    work = tmp_path / "work"  # red team I3: a file a call to learner code left in the test's folder, imported by name
    work.mkdir()
    (work / "evil.py").write_text("import sys\nsys.modules['isec_ran'] = True\nforged = 1\n", encoding="utf-8")
    monkeypatch.chdir(work)
    with pytest.raises(target.TargetImportError, match="imports the reference's files only"):
        getattr(Sections("evil.py", "evil.py"), "forged")  # noqa: B009
    assert "isec_ran" not in sys.modules
    assert target.import_file(_solution("ch6_2_conv_layer.py"), "ref")  # the reference's: imported


def test_a_file_in_another_coding_is_sent_as_its_bytes(tmp_path):
    """Red team I15: a correct file saved in Latin-1 with its coding line was read as UTF-8 with replacements, and the
    worker wrote back other bytes: its answer with a no-break space failed. Its bytes cross unchanged."""
    data = "# -*- coding: latin-1 -*-\nTEXT = 'hi\xa0!'\n".encode("latin-1")
    (tmp_path / "mine.py").write_bytes(data)
    sent = target.sources(tmp_path)[0]["mine.py"]
    assert sent.encode("utf-8", "surrogateescape") == data


def test_only_regular_files_of_the_folder_are_sent(tmp_path):
    (tmp_path / "mine.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "zz_notes.py").symlink_to(_solution("ch6_2_conv_layer.py"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub.py").symlink_to(tmp_path / "sub")
    try:
        os.link(_solution("ch6_2_conv_layer.py"), tmp_path / "hard.py")
    except OSError:  # another file system: no hard link to make
        pass
    assert target.sources(tmp_path) == ({"mine.py": "x = 1\n"}, {})
    assert "corr2d" in target.sources(ROOT / "solutions")[0]["ch6_2_conv_layer.py"]  # --target solutions: its own


def test_files_past_the_workers_limits_are_left_out_and_the_exercises_go_first(tmp_path):
    """Red team I11: 9 MB of notes, 4,200 empty files or one unreadable file beside the exercises sank them all."""
    (tmp_path / "ch3_2_mine.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes.py").write_text("# " + "x" * target.SOURCE_LIMIT, encoding="utf-8")
    (tmp_path / "emoji.py").write_text("# " + "\U0001F600" * (target.SOURCE_LIMIT // 5), encoding="utf-8")
    for i in range(target.SOURCES_COUNT + 10):
        (tmp_path / f"zz_{i:04d}.py").write_text("#\n", encoding="utf-8")
    sent, left = target.sources(tmp_path, frozenset({"ch3_2_mine.py"}))
    assert "ch3_2_mine.py" in sent and len(sent) == target.SOURCES_COUNT
    assert left["notes.py"] == "larger than 1 MiB" and "emoji.py" in left  # past the count: the smaller first
    assert sum(len(t.encode("utf-8", "surrogateescape")) for t in sent.values()) <= target.SOURCES_LIMIT


def test_files_count_at_their_bytes_toward_the_workers_limit(tmp_path):
    """Red team I32: 56 files of 21 kB of control characters (six times that as JSON writes them) left a correct
    128 kB exercise file out, 1.4 MB in all against a limit of 6 MiB."""
    (tmp_path / "ch3_2_mine.py").write_text("# notes\n" * 16_000 + "x = 1\n", encoding="utf-8")
    for i in range(56):
        (tmp_path / f"pad_{i:02d}.py").write_bytes(b"# " + b"\x01" * 21_000 + b"\n")
    sent, left = target.sources(tmp_path)
    assert not left and len(sent) == 57


def test_a_saved_bound_method_is_named_without_unpickling(tmp_path, monkeypatch):
    from tests.test_ch5_5_read_write import _pickled_globals

    net = nn.Sequential(nn.Linear(2, 3))
    torch.save(net.state_dict, tmp_path / "method")
    monkeypatch.setattr(torch, "load", lambda *a, **k: pytest.fail("unpickled"))
    assert "builtins.getattr" in _pickled_globals(tmp_path / "method")
    (tmp_path / "junk").write_bytes(b"\x80\x04not a checkpoint")
    assert _pickled_globals(tmp_path / "junk") == []


HELD = ["only what it reads in view", "tests hidden", "solutions hidden"]


@pytest.mark.parametrize("uid, held, why", [
    (0, HELD, "kept root"),
    (None, HELD, "kept root"),
    (70000, HELD[:2], "solutions/ is not hidden"),
    (70000, HELD[1:], "the machine's other files are in its view"),
])  # fmt: skip
def test_walls_that_did_not_hold_run_no_learner_code(uid, held, why):
    assert any(why in r for r in worker.refusals(uid, held))

    class Conn:
        closed = False

        def close(self):
            self.closed = True

    conn = Conn()
    with pytest.raises(remote.WorkerLost, match=why):
        remote._walled_in(conn, {"uid": uid, "walls": held})
    assert conn.closed
    assert worker.refusals(70000, HELD) == []
    with pytest.raises(remote.WorkerLost, match="its own word"):
        remote._walled_in(Conn(), {"uid": 70000, "walls": HELD,
                                   "refused": ["its own word"]})


def test_the_books_d2l_download_in_a_lent_d2l_is_explained():
    from katas.explain import explain

    en, zh = explain(AttributeError("d2l has no download in ch11_5_minibatch_sgd.py, ch3_2_linreg.py"))
    assert en.startswith("call download(...) itself") and "download(...)" in zh


def test_a_d2l_a_test_puts_into_the_learners_module_is_lent():
    """Red team I3: tests put the raw reference d2l (or the tests' D2L over it) into the learner's module, and
    learner code reached the Sections class through it: it is lent as the `uses` one is."""
    from katas.testkit import D2L

    ex = CATALOG.get("predict_seq2seq")
    raw = fixtures.reference(ex.file).d2l
    assert isinstance(raw, Sections) and raw.Sections is Sections  # what the test holds
    for value in (raw, D2L(raw, Animator=object)):
        lent = remote._loan(value, ex)
        with pytest.raises(AttributeError):
            lent.Sections  # noqa: B018
        assert callable(lent.truncate_pad)
    with pytest.raises(remote.WorkerLost, match="one of the grader's objects"):
        remote._loan(D2L(nn.Linear(1, 1)), ex)  # a d2l the worker named as one of the driver's exports


def _katas_imports(path: Path) -> set[str]:
    """The katas modules a Python file imports, anywhere in it (a function's own imports too)."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "katas":
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("katas."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("katas.")}
    return {m for m in found if (ROOT / "katas" / f"{m}.py").exists()}


def test_the_worker_sees_the_katas_modules_it_imports_and_no_test_side_helper():
    """worker.KATAS_IN_VIEW holds every katas module that the worker, its peer and learner files import, with all they
    import (a missing one would fail learner code), and none of the test-side helpers, which hold reference
    computations (red team I4: rnncheck's clip is grad_clipping)."""
    learner = set().union(*(_katas_imports(f) for folder in ("exercises", "solutions")
                            for f in (ROOT / folder).glob("*.py")))
    warm = {w.split(".")[1] for w in worker.WARM if w.startswith("katas.")}
    todo, seen = ["worker", "workerpeer", *learner, *warm], set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += _katas_imports(ROOT / "katas" / f"{name}.py") - seen
    assert seen <= set(worker.KATAS_IN_VIEW), seen - set(worker.KATAS_IN_VIEW)
    assert not {"rnncheck", "optimcheck", "attncheck", "netcheck", "testkit", "fixtures"} & set(worker.KATAS_IN_VIEW)


def test_another_workbook_on_the_python_path_is_not_in_the_workers_view(tmp_path):
    """Red team I6: another clone installed in editable mode puts its root on sys.path, and W's view showed every
    such entry, its solutions/ and tests/ with it; a workbook's root is left out (a package's folder is not)."""
    clone = tmp_path / "clone"
    (clone / "solutions").mkdir(parents=True)
    bare = tmp_path / "tests-only"
    (bare / "tests").mkdir(parents=True)
    (bare / "tests" / "catalog.toml").write_text("", encoding="utf-8")
    assert worker._a_workbook(clone) and worker._a_workbook(bare) and worker._a_workbook(ROOT)
    assert not any(worker._a_workbook(Path(p)) for p in (sys.prefix, torch.__file__.rsplit("/torch/", 1)[0]))


def _without_docstrings(node: ast.ClassDef) -> str:
    node = copy.deepcopy(node)
    for n in ast.walk(node):
        body = getattr(n, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            n.body = body[1:] or [ast.Pass()]
    return ast.dump(node)


def test_the_interfaces_sent_to_the_worker_are_the_stubs_own_and_hold_no_answer():
    sent = remote._interfaces()
    assert set(sent) == {"ch9_6_encoder_decoder.py", "ch10_4_bahdanau_attention.py"}
    for file, source in sent.items():
        stub = {n.name: n for n in ast.parse((ROOT / "exercises" / file).read_text(encoding="utf-8")).body
                if isinstance(n, ast.ClassDef)}
        classes = [n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)]
        assert classes and all(_without_docstrings(c) == _without_docstrings(stub[c.name]) for c in classes)
    assert {c for s in sent.values() for c in re.findall(r"^class (\w+)", s, re.M)} == \
        {"Encoder", "Decoder", "AttentionDecoder"}  # never EncoderDecoder or a decoder with attention: answers


def test_a_section_of_the_learners_that_does_not_import_gives_its_interfaces_in_the_worker(tmp_path, monkeypatch):
    # red team I43: a syntax error in ch9_6 (or ch3_2 not submitted) failed every exercise of 9.7 on import
    monkeypatch.setattr(Sections, "graded", None)
    (tmp_path / "ch9_7_seq2seq.py").write_text(_solution("ch9_7_seq2seq.py").read_text(encoding="utf-8"),
                                                encoding="utf-8")
    (tmp_path / "ch9_6_encoder_decoder.py").write_text("def broken(:\n", encoding="utf-8")
    with pytest.raises(target.TargetImportError, match="ch3_2"):  # self-study's d2l outside the tests: as before
        target.import_file(tmp_path / "ch9_7_seq2seq.py", "isec_selfstudy")
    monkeypatch.setattr(Sections, "fallback", remote._interfaces())
    module = target.import_file(tmp_path / "ch9_7_seq2seq.py", "isec_worker")
    encoder = module.Seq2SeqEncoder(10, 4, 6, 1)
    assert type(encoder).__mro__[1].__name__ == "Encoder" and isinstance(encoder, nn.Module)
    with pytest.raises(NotImplementedError):
        type(encoder).__mro__[1].forward(encoder, None)
    with pytest.raises(AttributeError, match=r"^fix your ch3_2_linear_regression_scratch.py, ch3_6_softmax_scratch.py, "
                       r"ch8_5_rnn_scratch.py, ch9_5_machine_translation.py, ch9_6_encoder_decoder.py first: "
                       r"d2l.grad_clipping would come from a file that does not import here "
                       r"\(.*does not exist.*SyntaxError"):
        module.d2l.grad_clipping  # noqa: B018
