"""The data sets in a fresh clone: the lookup order, --fetch-data from a mirror, and what a test says without them.

The download path is the real one (torchvision's download_url, MD5 and SHA-1 checks and all), served
on 127.0.0.1 from a folder of copies (`python -m http.server`, or http.server in a thread): nothing
leaves this machine.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from grading import copy_workbook, grade

from katas import data

ROOT = Path(__file__).resolve().parent.parent
SOURCE = data.find()
TEXT = data.find(data.TIME_MACHINE)
AIRFOIL = data.find(data.AIRFOIL)
needs_data = pytest.mark.skipif(SOURCE is None or TEXT is None, reason="no Fashion-MNIST or Time Machine copy to serve")
needs_text = pytest.mark.skipif(TEXT is None, reason="no Time Machine copy to serve")
NO_DATA = {"KATAS_FASHION_MNIST": "/nonexistent", "KATAS_TIME_MACHINE": "/nonexistent",
           "KATAS_DATA_MIRROR": "http://127.0.0.1:9/"}  # port 9: refused


def test_lookup_order(tmp_path, monkeypatch):
    """$KATAS_FASHION_MNIST, then data/FashionMNIST/raw/, then ../shared/data/fashion-mnist/."""
    monkeypatch.setenv("KATAS_FASHION_MNIST", str(tmp_path / "mine"))
    order = data.folders()
    assert order[0] == tmp_path / "mine"
    assert order[1] == data.ROOT / "data" / "FashionMNIST" / "raw"
    assert order[2] == data.ROOT.parent / "shared" / "data" / "fashion-mnist"
    (tmp_path / "mine").mkdir()
    for name in list(data.FILES)[:3]:  # three of four files: not a copy
        (tmp_path / "mine" / name).write_bytes(b"x")
    assert data.find() != tmp_path / "mine"
    (tmp_path / "mine" / list(data.FILES)[3]).write_bytes(b"x")
    assert data.find() == tmp_path / "mine"


def test_missing_message_names_the_folders_and_the_command(monkeypatch):
    monkeypatch.setenv("KATAS_FASHION_MNIST", "/nowhere/fmnist")
    en, zh = data.missing_message()
    assert en.startswith("Fashion-MNIST is missing: run `python grade.py --fetch-data`")
    assert "/nowhere/fmnist/" in en and "data/FashionMNIST/raw/" in en  # (../shared's folder: the test below)
    assert "python grade.py --fetch-data" in zh


def test_missing_message_names_no_shared_folder_a_learner_lacks(monkeypatch, tmp_path):
    """A learner's clone has no ../shared: the message sends them to data/ and the command only."""
    monkeypatch.delenv("KATAS_FASHION_MNIST", raising=False)
    monkeypatch.setattr(data, "SHARED_DATA", tmp_path / "shared" / "data")
    monkeypatch.setattr(data, "folders", lambda ds: [ds.folder, data.SHARED_DATA / ds.key])
    en, zh = data.missing_message()
    assert "shared" not in en and "shared" not in zh and en.endswith("(looked in: data/FashionMNIST/raw/)")
    (tmp_path / "shared").mkdir()  # a maintainer's or CI's copy beside the repository: named, relative
    assert data.missing_message()[0].endswith("(looked in: data/FashionMNIST/raw/, ../shared/data/fashion-mnist/)")


@pytest.fixture
def mirror(tmp_path):
    """http://127.0.0.1:PORT/ serving the four files (and the Time Machine and airfoil), plus a 'corrupt/' folder
    whose train images are damaged."""
    served = tmp_path / "served"
    (served / "corrupt").mkdir(parents=True)
    for name in data.FILES:
        shutil.copy(SOURCE / name, served / name)
        shutil.copy(SOURCE / name, served / "corrupt" / name)
    for folder in (served, served / "corrupt"):
        shutil.copy(TEXT / "timemachine.txt", folder / "timemachine.txt")
        shutil.copy(AIRFOIL / "airfoil_self_noise.dat", folder / "airfoil_self_noise.dat")
    with open(served / "corrupt" / "train-labels-idx1-ubyte.gz", "r+b") as f:
        f.seek(100)
        f.write(b"damaged")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=served,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.kill()
        server.wait()


def _fresh_clone(tmp_path: Path) -> Path:
    """A copy of the workbook with no data beside it (no ../shared, no data/)."""
    root = tmp_path / "clone" / "d2l-katas"
    root.mkdir(parents=True)
    return copy_workbook(root)


def _run(root: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    """The clone's own grade.py, with no Fashion-MNIST folder but what env names."""
    full = {k: v for k, v in os.environ.items() if k not in ("KATAS_FASHION_MNIST", "KATAS_ROOT", "KATAS_STATE")}
    full.update({"NO_COLOR": "1", "LANG": "C.UTF-8", **env})
    return subprocess.run([sys.executable, "grade.py", *args], cwd=root, env=full, capture_output=True, text=True,
                          timeout=600)


@needs_data
def test_fetch_data_downloads_checks_and_can_run_again(tmp_path, mirror):
    root = _fresh_clone(tmp_path)
    if FRA is not None:  # d2l's fra-eng.zip cannot be rebuilt here (its own test serves one): found, not fetched
        shutil.copytree(FRA, root / "data" / "fra-eng")
    env = {"KATAS_DATA_MIRROR": mirror}
    first = _run(root, "--fetch-data", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    raw = root / "data" / "FashionMNIST" / "raw"
    assert sorted(p.name for p in raw.iterdir()) == sorted(data.FILES)
    for name in data.FILES:
        assert (raw / name).read_bytes() == (SOURCE / name).read_bytes()
    assert (root / "data" / "timemachine.txt").read_bytes() == (TEXT / "timemachine.txt").read_bytes()
    assert (root / "data" / "airfoil_self_noise.dat").read_bytes() == (AIRFOIL / "airfoil_self_noise.dat").read_bytes()
    again = _run(root, "--fetch-data", env={"KATAS_DATA_MIRROR": "http://127.0.0.1:9/"})  # nothing to download
    assert again.returncode == 0, again.stderr


@needs_data
def test_a_corrupt_download_is_refused_and_not_kept(tmp_path, mirror):
    root = _fresh_clone(tmp_path)
    proc = _run(root, "--fetch-data", env={"KATAS_DATA_MIRROR": mirror + "corrupt/"})
    assert proc.returncode == 1
    assert "MD5" in proc.stderr and "train-labels-idx1-ubyte.gz" in proc.stderr, proc.stderr
    raw = root / "data" / "FashionMNIST" / "raw"
    assert not (raw / "train-labels-idx1-ubyte.gz").exists()  # never mistaken for data later
    assert sorted(p.name for p in raw.iterdir() if p.is_file()) == ["train-images-idx3-ubyte.gz"]


def test_without_network_data_exercises_say_how_and_stubs_stay_not_started(tmp_path):
    root = _fresh_clone(tmp_path)
    sol, proc = grade(root / "solutions", ("softmax_train_concise", "get_fashion_mnist_labels"), root=root,
                      env={**NO_DATA, "KATAS_ROOT": str(root)})
    by_id = {e["id"]: e for e in sol["exercises"]}
    assert by_id["get_fashion_mnist_labels"]["status"] == "passed"  # needs no data
    msg = by_id["softmax_train_concise"]["message"]
    assert by_id["softmax_train_concise"]["status"] == "failed"
    assert msg.startswith("Fashion-MNIST is missing: run `python grade.py --fetch-data`"), msg
    assert "could not download Fashion-MNIST" in proc.stderr, proc.stderr
    stubs, _ = grade(root / "exercises", ("3.5", "3.6", "3.7", "4.2", "4.3"), root=root,
                     env={**NO_DATA, "KATAS_ROOT": str(root)})
    bad = {e["id"]: e["status"] for e in stubs["exercises"] if e["status"] != "not_started"}
    assert not bad, bad


@needs_data
def test_solutions_pass_with_torchvisions_folder_filled_by_hand(tmp_path):
    root = _fresh_clone(tmp_path)
    raw = root / "data" / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    for name in data.FILES:
        shutil.copy(SOURCE / name, raw / name)
    results, proc = grade(root / "solutions", ("3.5", "softmax_train_concise"), root=root,
                          env={**NO_DATA, "KATAS_ROOT": str(root)})
    bad = {e["id"]: e["message"] for e in results["exercises"] if e["status"] != "passed"}
    assert not bad, bad
    assert "download" not in proc.stderr


# --- the Time Machine: d2l's DATA_HUB file, SHA-1-checked --------------------------------------


def test_time_machine_lookup_order(tmp_path, monkeypatch):
    """$KATAS_TIME_MACHINE, then the workbook's data/ (where d2l downloads it), then ../shared/data/time-machine/."""
    original = data.find(data.TIME_MACHINE)
    if original is None:
        pytest.skip("no copy of the Time Machine here")
    monkeypatch.setenv("KATAS_TIME_MACHINE", str(tmp_path / "mine"))
    monkeypatch.setenv("KATAS_STATE", str(tmp_path / "state"))
    assert data.folders(data.TIME_MACHINE) == [tmp_path / "mine", data.ROOT / "data",
                                               data.ROOT.parent / "shared" / "data" / "time-machine"]
    (tmp_path / "mine").mkdir()
    shutil.copyfile(original / "timemachine.txt", tmp_path / "mine" / "timemachine.txt")  # verified: the original
    assert data.find(data.TIME_MACHINE) == tmp_path / "mine"
    assert data.download("time_machine") == str(tmp_path / "mine" / "timemachine.txt")  # d2l.download's answer
    monkeypatch.setenv("KATAS_TIME_MACHINE", "/nowhere/tm")
    en, zh = data.missing_message(data.TIME_MACHINE)
    assert en.startswith("The Time Machine is missing: run `python grade.py --fetch-data`"), en
    assert "/nowhere/tm/" in en and "python grade.py --fetch-data" in zh
    assert ("time-machine/" in en) == data.SHARED_DATA.parent.is_dir(), en  # ../shared named only where it is


@pytest.fixture
def loopback():
    """http://127.0.0.1:PORT/ serving a folder from a thread: (url, folder)."""
    def serve(folder: Path) -> str:
        handler = partial(_Quiet, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    servers: list[ThreadingHTTPServer] = []
    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@needs_text
def test_time_machine_is_fetched_hash_checked_into_a_fresh_folder(tmp_path, loopback, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(TEXT / "timemachine.txt", served / "timemachine.txt")
    fresh = replace(data.TIME_MACHINE, folder=tmp_path / "fresh" / "data")
    monkeypatch.setenv("KATAS_DATA_MIRROR", loopback(served))
    assert data.not_intact(fresh) == ["timemachine.txt"]
    assert data.fetch(fresh, progress=False) == fresh.folder
    assert (fresh.folder / "timemachine.txt").read_bytes() == (TEXT / "timemachine.txt").read_bytes()
    assert data.not_intact(fresh) == []  # SHA-1 090b5e7e...: intact, nothing more to fetch
    assert sorted(p.name for p in fresh.folder.iterdir()) == ["timemachine.txt"]  # no temporary folder left


@needs_text
def test_a_time_machine_with_a_wrong_hash_is_refused_and_not_kept(tmp_path, loopback, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    text = (TEXT / "timemachine.txt").read_bytes()
    (served / "timemachine.txt").write_bytes(text.replace(b"Time Traveller", b"Time Traveler", 1))
    fresh = replace(data.TIME_MACHINE, folder=tmp_path / "fresh" / "data")
    monkeypatch.setenv("KATAS_DATA_MIRROR", loopback(served))
    with pytest.raises(data.FetchError, match=r"timemachine.txt: its SHA-1 does not match \(corrupt download\)"):
        data.fetch(fresh, progress=False)
    assert list(fresh.folder.iterdir()) == []


@needs_text
def test_a_fresh_clone_fetches_the_time_machine_before_its_first_grade(tmp_path, loopback):
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(TEXT / "timemachine.txt", served / "timemachine.txt")
    root = _fresh_clone(tmp_path)
    env = {**NO_DATA, "KATAS_ROOT": str(root), "KATAS_DATA_MIRROR": loopback(served)}
    results, proc = grade(root / "solutions", ("read_time_machine",), root=root, env=env)
    assert results["exercises"][0]["status"] == "passed", results["exercises"][0]["message"]
    assert "The Time Machine is needed and not found: downloading it" in proc.stderr, proc.stderr
    assert (root / "data" / "timemachine.txt").read_bytes() == (TEXT / "timemachine.txt").read_bytes()


def test_without_network_the_time_machine_exercises_say_how(tmp_path):
    root = _fresh_clone(tmp_path)
    results, proc = grade(root / "solutions", ("read_time_machine", "tokenize"), root=root,
                          env={**NO_DATA, "KATAS_ROOT": str(root)})
    by_id = {e["id"]: e for e in results["exercises"]}
    assert by_id["tokenize"]["status"] == "passed"  # reads no file
    msg = by_id["read_time_machine"]["message"]
    assert by_id["read_time_machine"]["status"] == "failed"
    assert msg.startswith("The Time Machine is missing: run `python grade.py --fetch-data`"), msg
    assert "could not download The Time Machine" in proc.stderr, proc.stderr
    stubs, _ = grade(root / "exercises", ("8.2", "8.3"), root=root, env={**NO_DATA, "KATAS_ROOT": str(root)})
    bad = {e["id"]: e["status"] for e in stubs["exercises"] if e["status"] != "not_started"}
    assert not bad, bad
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "timemachine.txt").symlink_to("/proc/self/mem")  # red team 34: its EIO killed the test server
    results, proc = grade(root / "solutions", ("read_time_machine", "tokenize", "add_one"), root=root,
                          env={**NO_DATA, "KATAS_ROOT": str(root)})
    by_id = {e["id"]: e for e in results["exercises"]}
    assert by_id["tokenize"]["status"] == by_id["add_one"]["status"] == "passed", by_id
    assert by_id["read_time_machine"]["status"] == "failed"
    assert "cannot be read" in by_id["read_time_machine"]["message"], by_id["read_time_machine"]["message"]
    shutil.rmtree(root / "data", ignore_errors=True)
    (root / "data").write_text("my notes\n")  # red team 32: a file where the data folder goes was a traceback
    results, proc = grade(root / "solutions", ("read_time_machine",), root=root,
                          env={**NO_DATA, "KATAS_ROOT": str(root)})
    assert results["exercises"][0]["status"] == "failed" and "could not download" in proc.stderr, proc.stderr
    assert (root / "data").read_text() == "my notes\n"


FRA = data.find(data.FRA_ENG)


@pytest.mark.skipif(FRA is None, reason="no copy of fra-eng to serve")
def test_fra_eng_is_fetched_as_a_zip_hash_checked_and_extracted(tmp_path, loopback, monkeypatch):
    """d2l's fra-eng.zip holds fra-eng/fra.txt and _about.txt (CC-BY 2.0). The shared copy was not unpacked from
    that exact zip, so this test zips it itself and checks against the hash of its own zip."""
    import hashlib
    import zipfile

    served = tmp_path / "served"
    served.mkdir()
    with zipfile.ZipFile(served / "fra-eng.zip", "w") as z:
        for name in ("fra.txt", "_about.txt"):
            z.write(FRA / name, f"fra-eng/{name}")
    digest = hashlib.sha1((served / "fra-eng.zip").read_bytes()).hexdigest()
    fresh = replace(data.FRA_ENG, folder=tmp_path / "fresh" / "data" / "fra-eng",
                    downloads={"fra-eng.zip": ("sha1", digest)})
    monkeypatch.setenv("KATAS_DATA_MIRROR", loopback(served))
    fresh.folder.mkdir(parents=True)
    mine = tmp_path / "mine.py"  # red team 32: extractall wrote through a link planted where a member lands
    mine.write_text("x = 1\n")
    (fresh.folder / "_about.txt").symlink_to(mine)
    assert data.fetch(fresh, progress=False) == fresh.folder
    assert (fresh.folder / "fra.txt").read_bytes() == (FRA / "fra.txt").read_bytes()
    assert (fresh.folder / "_about.txt").read_bytes() == (FRA / "_about.txt").read_bytes()  # the attribution
    assert not (fresh.folder / "_about.txt").is_symlink() and mine.read_text() == "x = 1\n"
    wrong = replace(fresh, folder=tmp_path / "other" / "data" / "fra-eng",
                    downloads={"fra-eng.zip": ("sha1", "0" * 40)})
    with pytest.raises(data.FetchError, match=r"fra-eng.zip: its SHA-1 does not match"):
        data.fetch(wrong, progress=False)
    assert not (wrong.folder / "fra.txt").exists()


def test_a_data_file_far_too_large_or_no_file_at_all_is_refused_unread(tmp_path, monkeypatch):
    """Red team 39: data files of 4 TB, sparse (no disk used), took the test server and grade.py's own thread, before
    its watchdog started, hours to hash; a FIFO would block for ever. Neither is read: each is refused at once."""
    monkeypatch.setenv("KATAS_STATE", str(tmp_path / "state"))
    big, pipe = tmp_path / "big", tmp_path / "pipe"
    big.mkdir()
    pipe.mkdir()
    with open(big / "timemachine.txt", "wb") as f:
        f.truncate(4 << 40)
    os.mkfifo(pipe / "timemachine.txt")
    began = time.monotonic()
    for folder, why in ((big, "more than any file of the set"), (pipe, "not a regular file")):
        with pytest.raises(data.DataChanged, match=why):
            data.verify(data.TIME_MACHINE, folder)
    assert time.monotonic() - began < 5


def test_a_linked_data_folder_is_never_written_through(tmp_path, monkeypatch):
    """Red team 44: data/ linked to a folder of the learner's outside the workbook: grading removed a link of theirs
    there and wrote 86 MB into it. The grader writes the data sets only into a plain folder of the workbook's own."""
    book, outside = tmp_path / "workbook", tmp_path / "notes"
    (outside / "FashionMNIST" / "raw").mkdir(parents=True)
    (outside / "notes.txt").write_text("mine\n")
    (outside / "FashionMNIST" / "raw" / "train-labels-idx1-ubyte.gz").symlink_to(outside / "notes.txt")
    book.mkdir()
    (book / "data").symlink_to(outside)
    monkeypatch.setattr(data, "ROOT", book)
    monkeypatch.setattr(data, "DATA_ROOT", book / "data")
    monkeypatch.setattr(data, "DOWNLOAD_DIR", book / "data" / "FashionMNIST" / "raw")
    before = sorted(str(p.relative_to(outside)) for p in outside.rglob("*"))
    with pytest.raises(data.DataChanged, match="data is a link or no folder"):
        data.fashion_mnist_root()
    with pytest.raises(data.DataChanged, match="data is a link"):
        data.fetch(replace(data.TIME_MACHINE, folder=book / "data"))
    assert sorted(str(p.relative_to(outside)) for p in outside.rglob("*")) == before
    assert (outside / "FashionMNIST" / "raw" / "train-labels-idx1-ubyte.gz").is_symlink()
