"""Grades in the formats other systems read: Gradescope's results.json, JUnit XML, Gradescope's autograder zip.

One exercise is one test case everywhere, and its message is the test's output.
"""

from __future__ import annotations

import re
import stat
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from katas.catalog import ROOT, Catalog
from katas.gradebook import Record
from katas.results import write_whole

# Gradescope's autograder specification, "Output format" (results.json) and "Autograder Specifications"
# (setup.sh, run_autograder, /autograder/...): https://gradescope-autograders.readthedocs.io/en/latest/specs/
# Fields used: top-level score, execution_time (seconds), output, stdout_visibility, tests[]; per test
# score, max_score, status ("passed"/"failed"), name, number, output, output_format, visibility
# ("hidden", "after_due_date", "after_published", "visible").
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")


def gradescope(r: Record, catalog: Catalog, visibility: str = "visible") -> dict:
    """results.json for one student: one test per exercise, the message (English, then 中文) its output."""
    sections = {ex.id: ex.section for ex in catalog.exercises}
    tests = []
    for k, e in enumerate(r.exercises, 1):
        output = "\n\n".join(m for m in (e.message, e.message_zh if e.message_zh != e.message else "") if m)
        tests.append({"name": f"{e.id} ({e.name}, d2l {sections.get(e.id, '?')})", "number": str(k),
                      "score": float(e.points), "max_score": float(e.max_points),
                      "status": "passed" if e.status == "passed" else "failed",
                      "output": output or ("passed" if e.status == "passed" else e.status),
                      "output_format": "text", "visibility": visibility})
    lines = [f"d2l-katas: {r.score}/{r.max_score} points, graded in {r.mode} mode (seed {r.seed})."]
    lines += [f"{en}\n{zh}" for en, zh in r.notes]
    return {"score": float(r.score), "execution_time": round(r.seconds), "output": "\n".join(lines),
            "output_format": "text", "stdout_visibility": "hidden", "tests": tests}


# XML 1.0 has no place for most control characters, lone surrogates or U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ERRORS = ("error", "crashed", "timeout")  # the grader could not run the tests; "failed"/"not_started" fail them


def junit(records: list[Record], catalog: Catalog) -> str:
    """JUnit XML: a testsuite per student, a testcase per exercise; a failure's message is the first line of
    ours, its text the whole message in both languages. Errors are exercises that could not be run."""
    files = {ex.id: ex.file.removesuffix(".py") for ex in catalog.exercises}
    suites = ET.Element("testsuites", name="d2l-katas")
    counts = {"tests": 0, "failures": 0, "errors": 0}
    for r in records:
        failures = sum(e.status not in ("passed", *_ERRORS) for e in r.exercises)
        errors = sum(e.status in _ERRORS for e in r.exercises)
        suite = ET.SubElement(suites, "testsuite", name=_x(r.student), tests=str(len(r.exercises)),
                              failures=str(failures), errors=str(errors), skipped="0", time=f"{r.seconds:.1f}")
        props = ET.SubElement(suite, "properties")
        for key, value in (("mode", r.mode), ("seed", str(r.seed)), ("kind", r.kind),
                           ("score", f"{r.score}/{r.max_score}")):
            ET.SubElement(props, "property", name=key, value=_x(value))
        for e in r.exercises:
            case = ET.SubElement(suite, "testcase", classname=_x(files.get(e.id, e.file)), name=_x(e.id), time="0")
            if e.status != "passed":
                text = "\n".join(m for m in (e.message, e.message_zh if e.message_zh != e.message else "") if m)
                first = (e.message.strip().splitlines() or [e.status])[0]
                tag = "error" if e.status in _ERRORS else "failure"
                ET.SubElement(case, tag, message=_x(first), type=e.status).text = _x(text or e.status)
        counts["tests"] += len(r.exercises)
        counts["failures"] += failures
        counts["errors"] += errors
    for key, value in counts.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _x(text: str) -> str:
    return _NOT_XML.sub("", text)


def write_text(text: str, path: Path) -> None:
    """text written whole or not at all, as results.write_json."""
    write_whole(text.encode("utf-8"), path)


# ---- the autograder zip -----------------------------------------------------------------------------

AUTOGRADER = ROOT / "classroom" / "gradescope"  # setup.sh and run_autograder, at the zip's root
PACKED = ("grade.py", "pyproject.toml", "conftest.py", "katas", "tests", "solutions", "exercises")


def gradescope_zip(out: Path, root: Path = ROOT) -> list[str]:
    """The autograder zip Gradescope builds its image from: setup.sh and run_autograder at the top, the
    instructor's workbook under workbook/ (tests and solutions too: the tests compare with the reference,
    and Gradescope never shows the zip to students). Returns the names written."""
    names = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for script in ("setup.sh", "run_autograder"):
            _add(zf, AUTOGRADER / script, script, executable=True)
            names.append(script)
        for top in PACKED:
            path = root / top
            files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for p in files:
                rel = p.relative_to(root)
                if "__pycache__" in rel.parts or p.suffix == ".pyc" or any(s.startswith(".") for s in rel.parts):
                    continue
                _add(zf, p, f"workbook/{rel.as_posix()}")
                names.append(f"workbook/{rel.as_posix()}")
    return names


def _add(zf: zipfile.ZipFile, path: Path, name: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # the same bytes for the same workbook
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
    zf.writestr(info, path.read_bytes())
