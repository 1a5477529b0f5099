"""Reading and writing the user's files: regular files only, bounded reads, atomic writes,
and outputs that would overwrite the database refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checks import files
from checks.errors import DocumentTooLarge, InvalidValue, UnreadableDocument

ROOT = Path(__file__).resolve().parent.parent


# Reading -----------------------------------------------------------------------------------


def test_read_limited_reads_a_regular_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert files.read_limited(path, 3) == b"abc"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_as_what_they_are(device):
    if not Path(device).exists():
        pytest.skip(f"{device} is absent")
    with pytest.raises(UnreadableDocument, match="is a character device, not a regular file"):
        files.read_limited(device, 1000)


def test_a_fifo_is_refused_without_hanging(tmp_path):
    # Opening a FIFO for reading blocks until a writer comes: the test runs in a subprocess
    # that a timeout kills, so a hang fails the test instead of stalling the suite.
    fifo = tmp_path / "queries.txt"
    os.mkfifo(fifo)
    code = "from checks import files; files.read_limited(__import__('sys').argv[1], 100)"
    done = subprocess.run(
        [sys.executable, "-c", code, str(fifo)], cwd=ROOT, capture_output=True, text=True,
        timeout=30,
    )  # fmt: skip
    assert "is a pipe (FIFO), not a regular file" in done.stderr


def test_missing_and_directory(tmp_path):
    with pytest.raises(UnreadableDocument, match="no such file"):
        files.read_limited(tmp_path / "nowhere.txt", 10)
    with pytest.raises(UnreadableDocument, match="is a directory"):
        files.read_limited(tmp_path, 10)


def test_read_is_bounded_even_when_the_size_lies():
    # /dev/zero reports size 0 and never ends; the bounded read stops after limit + 1 bytes.
    with open("/dev/zero", "rb") as endless:
        with pytest.raises(DocumentTooLarge, match="<stdin>: over the 1.0 MB limit"):
            files.read_stdin_limited(2**20, endless)


def test_an_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(DocumentTooLarge):
        files.read_limited(path, 100)


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path):
    with pytest.raises(UnreadableDocument) as raised:
        files.read_limited(tmp_path / "a\nb.txt", 10)
    assert "\n" not in str(raised.value) and "a\\nb.txt" in str(raised.value)


# Refusing to overwrite the database ------------------------------------------------------


@pytest.fixture
def database_file(tmp_path) -> Path:
    path = tmp_path / "desk" / "claimdesk.db"
    path.parent.mkdir()
    for companion in files.database_files(path)[:3]:
        companion.write_bytes(b"data")
    return path


@pytest.mark.parametrize(
    "out",
    [
        lambda db: db,
        lambda db: Path(f"{db}-wal"),
        lambda db: Path(f"{db}-shm"),
        lambda db: Path(f"{db}-journal"),  # absent now, present during a write
        lambda db: db.parent / ".." / "desk" / db.name,
        lambda db: Path(os.path.relpath(db)),
    ],
    ids=["database", "wal", "shm", "journal", "dotdot", "relative"],
)
def test_output_that_is_the_database_is_refused(database_file, out):
    with pytest.raises(InvalidValue, match="is the database file"):
        files.refuse_protected(out(database_file), files.database_files(database_file))


def test_links_to_the_database_are_refused(database_file, tmp_path):
    symlink, hardlink = tmp_path / "report.csv", tmp_path / "report2.csv"
    symlink.symlink_to(database_file)
    os.link(f"{database_file}-wal", hardlink)
    for out in (symlink, hardlink):
        with pytest.raises(InvalidValue, match="is the database file"):
            files.refuse_protected(out, files.database_files(database_file))


def test_other_outputs_are_allowed(database_file, tmp_path):
    files.refuse_protected(tmp_path / "report.csv", files.database_files(database_file))
    files.refuse_protected(database_file.parent / "claimdesk.db.csv", [database_file])


# Writing atomically -------------------------------------------------------------------------


def test_write_atomic_replaces_the_file_with_the_usual_permissions(tmp_path):
    path = tmp_path / "report.csv"
    path.write_bytes(b"old")
    files.write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_an_error_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "report.csv"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with files.atomic_output(path) as handle:
            handle.write(b"half")
            raise RuntimeError("disk full")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_a_kill_mid_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "report.csv"
    path.write_bytes(b"the old report\n")
    code = textwrap.dedent(
        f"""
        import os, signal
        from checks import files
        with files.atomic_output({str(path)!r}) as handle:
            handle.write(b"half of the new")
            handle.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert path.read_bytes() == b"the old report\n"
