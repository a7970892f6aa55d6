"""A submission read safely: only the catalogue's exercise files, from a folder or a .zip, size-capped.

Nothing else of a submission is ever taken: tests, solutions, grade.py, katas and any conftest.py come
from the instructor's own workbook. A zip is never extracted: its central directory is checked (no
absolute path, no '..', not too many members) and only the wanted members are read, each through a cap,
so a zip bomb's lying header expands no further than the cap. Links are never followed. Every refusal
and every file left out says why, in English and 中文.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

FILE_CAP = 512 * 1024  # bytes of one exercise file (the largest solution is 8 kB)
TOTAL_CAP = 8 * 1024 * 1024  # bytes of all exercise files of one submission
ZIP_CAP = 256 * 1024 * 1024  # bytes of a zip on disk
MEMBER_CAP = 20_000  # members of a zip (its central directory is read into memory whole)


class Refused(Exception):
    """The whole submission cannot be graded: args are the reason in English and 中文."""

    def __init__(self, en: str, zh: str):
        super().__init__(en, zh)
        self.en, self.zh = en, zh


@dataclass
class Intake:
    files: dict[str, bytes]  # catalogue file name (ch3_2_....py) -> its source
    notes: list[tuple[str, str]] = field(default_factory=list)  # files missing or left out, and why


def read(path: Path, wanted: list[str]) -> Intake:
    """The wanted exercise files of a submission: a workbook folder or a .zip of one. Raises Refused."""
    try:
        st = os.lstat(path)
    except OSError as e:
        raise Refused(f"cannot be read ({e.strerror})", f"无法读取（{e.strerror}）") from None
    if stat.S_ISLNK(st.st_mode):
        raise Refused("a symbolic link: not followed", "是符号链接：不跟随")
    if stat.S_ISDIR(st.st_mode):
        got = _from_folder(path, wanted)
    elif stat.S_ISREG(st.st_mode) and path.suffix.lower() == ".zip":
        got = _from_zip(path, st.st_size, wanted)
    else:
        raise Refused("neither a workbook folder nor a .zip of one", "既不是练习册文件夹，也不是它的 .zip")
    if not got.files:  # nothing to grade: the notes say why each file was left out
        raise Refused("no exercise file could be read: " + "; ".join(en for en, _ in got.notes if "missing" not in en),
                      "没有可读取的练习文件：" + "；".join(zh for en, zh in got.notes if "missing" not in en))
    return got


# ---- folders ----------------------------------------------------------------------------------------

def _from_folder(top: Path, wanted: list[str]) -> Intake:
    roots = [top / "exercises", top]
    if not any(_entry(r / name) for r in roots for name in wanted):
        subs = [p for p in _listing(top) if not p.name.startswith(".") and _entry(p) == "folder"]
        if len(subs) == 1:  # a workbook inside one folder (what unzipping by hand often gives)
            roots = [subs[0] / "exercises", subs[0]]
    root = next((r for r in roots if any(_entry(r / name) for name in wanted)), None)
    if root is None or _entry(root) != "folder":
        raise _nothing_found(wanted)
    intake, total = Intake({}), 0
    for name in wanted:
        kind = _entry(root / name)
        if kind == "file":
            data = _read_capped(root / name)
            if data is None:
                intake.notes.append(_not_graded(name, (f"more than {FILE_CAP} bytes", f"超过 {FILE_CAP} 字节")))
                continue
            total += len(data)
            if total > TOTAL_CAP:
                raise _total_too_big()
            intake.files[name] = data
        else:
            intake.notes.append(_left_out(name, kind))
    return intake


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _entry(path: Path) -> str | None:
    """What is at path, never following a link: file, folder, link, special, or None."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode):
        return "link"
    return "file" if stat.S_ISREG(mode) else "folder" if stat.S_ISDIR(mode) else "special"


def _read_capped(path: Path) -> bytes | None:
    """The file's bytes, or None when it holds more than FILE_CAP. O_NOFOLLOW: a link swapped in is refused."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return None
        data = f.read(FILE_CAP + 1)
    return data if data is not None and len(data) <= FILE_CAP else None  # None: a read that would wait


# ---- zips -------------------------------------------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


def _from_zip(path: Path, size: int, wanted: list[str]) -> Intake:
    if size > ZIP_CAP:
        raise Refused(f"a zip of {size >> 20} MiB (more than {ZIP_CAP >> 20} MiB): zip the exercises/ folder only",
                      f"zip 有 {size >> 20} MiB（超过 {ZIP_CAP >> 20} MiB）：只打包 exercises/ 文件夹即可")
    _count_members(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {}
            for info in infos:
                name = _member_name(info.filename)
                if name is not None and not info.is_dir():
                    names[name] = info
            base = _zip_folder(names, wanted)
            intake, total = Intake({}), 0
            for name in wanted:
                info = names.get(base + name)
                if info is None:
                    folder = any(n.startswith(f"{base}{name}/") for n in names)  # a file that is a folder
                    intake.notes.append(_left_out(name, "folder" if folder else None))
                    continue
                data, why = _read_member(zf, info)
                if data is None:
                    intake.notes.append(_not_graded(name, why))
                    continue
                total += len(data)
                if total > TOTAL_CAP:
                    raise _total_too_big()
                intake.files[name] = data
            return intake
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as e:
        raise Refused(f"not a readable zip file ({e})", f"不是可读的 zip 文件（{e}）") from None


def _count_members(path: Path) -> None:
    """Refuse a zip with too many members before zipfile reads them all: counted in its central directory itself,
    found as zipfile finds it (its own end-record reader, zip64's record first: red team I59's normal record said
    one count and its zip64 record, which zipfile reads, another; red team I31's end record said 1 and its directory
    held 1,000,000: 583 MB and 41 s)."""
    with open(path, "rb") as f:
        try:
            end = zipfile._EndRecData(f)
        except OSError:
            end = None
        if not end:
            raise Refused("not a readable zip file (no end of central directory)",
                          "不是可读的 zip 文件（没有中央目录结尾）")
        members, size, offset = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE], end[zipfile._ECD_OFFSET]
        if members > MEMBER_CAP or size > ZIP_CAP:
            raise _too_many()
        concat = end[zipfile._ECD_LOCATION] - size - offset
        if end[zipfile._ECD_SIGNATURE] == zipfile.stringEndArchive64:
            concat -= zipfile.sizeEndCentDir64 + zipfile.sizeEndCentDir64Locator
        f.seek(max(0, offset + concat))  # where zipfile reads it
        directory = f.read(size)
    entries, pos = 0, 0
    while pos + 46 <= len(directory) and directory[pos:pos + 4] == b"PK\x01\x02":
        entries += 1
        if entries > MEMBER_CAP:
            raise _too_many()
        pos += 46 + sum(struct.unpack("<HHH", directory[pos + 28:pos + 34]))  # its name, extra field and comment


def _too_many() -> Refused:
    return Refused(f"a zip of more than {MEMBER_CAP} files: zip the exercises/ folder only",
                   f"zip 里的文件超过 {MEMBER_CAP} 个：只打包 exercises/ 文件夹即可")


def _member_name(raw: str) -> str | None:
    """A member's path, checked: absolute paths and '..' refuse the whole zip (zip-slip); Mac resource forks
    are dropped (None)."""
    name = raw.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if name.startswith("/") or _DRIVE.match(name) or ".." in parts:
        raise Refused(f"the zip holds {raw[:200]!r}, a path outside its own folder (zip-slip): refused whole",
                      f"zip 里有 {raw[:200]!r}，指向自身文件夹之外的路径（zip-slip）：整个拒收")
    if not parts or parts[0] == "__MACOSX":
        return None
    return "/".join(parts)


def _zip_folder(names: dict[str, zipfile.ZipInfo], wanted: list[str]) -> str:
    """Where the exercise files are: exercises/ or the top, under one top folder or none ('' or 'a/b/')."""
    tops = {PurePosixPath(n).parts[0] for n in names}
    prefixes = [""]
    if len(tops) == 1 and all("/" in n for n in names):
        prefixes.insert(0, tops.pop() + "/")
    # a wanted name lies at most 3 folders deep ("top/exercises/kata.py"): only those are looked at (every parent of
    # every name, one 32,760 folders deep, took a GB of memory a member: red team I31)
    folders = {"/".join(n.split("/")[:k]) for n in names for k in (1, 2, 3)}
    for prefix in prefixes:
        for folder in ("exercises/", ""):
            if any(prefix + folder + w in names or prefix + folder + w in folders for w in wanted):
                return prefix + folder
    raise _nothing_found(wanted)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[bytes | None, tuple[str, str]]:
    if stat.S_ISLNK(info.external_attr >> 16):
        return None, ("a symbolic link in the zip", "zip 里的符号链接")
    if info.flag_bits & 0x1:
        return None, ("encrypted", "已加密")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):  # zipfile inflates bzip2 and lzma with
        return None, (f"compressed with a method zip tools do not use by default ({info.compress_type}): zip it "  # no
                      "again with a standard tool",  # bound before the cap (red team I59: 1.3 kB took 3 GB)
                      f"使用了 zip 工具默认不用的压缩方式（{info.compress_type}）：请用常见工具重新打包")
    if info.file_size > FILE_CAP:
        return None, _too_big_words(info.file_size)
    try:
        with zf.open(info) as f:
            data = f.read(FILE_CAP + 1)  # a header that lies about the size expands no further than this
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError, ValueError) as e:
        return None, (f"could not be read from the zip ({e})", f"无法从 zip 读取（{e}）")
    if len(data) > FILE_CAP:
        return None, _too_big_words(len(data))
    return data, ("", "")


# ---- words ------------------------------------------------------------------------------------------

def _nothing_found(wanted: list[str]) -> Refused:
    example = wanted[0] if wanted else "ch3_2_linear_regression_scratch.py"
    return Refused(f"no exercise file found (looked for exercises/{example} and the other catalogue files, "
                   "at the top or in one folder)",
                   f"没有找到练习文件（查找了 exercises/{example} 等目录中的文件，位于顶层或某一个文件夹内）")


def _too_big_words(size: int) -> tuple[str, str]:
    return (f"{size} bytes, more than the {FILE_CAP} an exercise file may have",
            f"{size} 字节，超过练习文件上限 {FILE_CAP} 字节")


def _not_graded(name: str, why: tuple[str, str]) -> tuple[str, str]:
    return f"{name}: {why[0]}: not graded", f"{name}：{why[1]}，未批改"


def _total_too_big() -> Refused:
    return Refused(f"the exercise files hold more than {TOTAL_CAP >> 20} MiB together: refused",
                   f"练习文件合计超过 {TOTAL_CAP >> 20} MiB：拒收")


def _left_out(name: str, kind: str | None) -> tuple[str, str]:
    if kind is None:
        return f"{name}: missing", f"{name}：缺少此文件"
    return _not_graded(name, {"folder": ("a folder, not a file", "是文件夹而不是文件"),
                              "link": ("a symbolic link", "是符号链接"),
                              "special": ("not a regular file", "不是普通文件")}[kind])
