"""What an adversarial run broke (issue 17), through the command line in subprocesses: outputs
that would replace the database, kills mid-write, devices and FIFOs, odd query files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import db.connection
import db.verdicts
from tests.browser_support import run_cli


def one_line_refusal(result, *words: str) -> str:
    """Assert exit 2 with exactly one line on stderr holding `words`; return the line."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    for word in words:
        assert word in line, line
    return line


@pytest.fixture
def reviewed(db_path, add_doc) -> Path:
    """A database with one reviewed claim; returns its path."""
    (claim_id,) = add_doc("The tram costs €2.4 billion.")
    database = db.connection.open_database(db_path)
    db.verdicts.record_verdict(database, claim_id, reviewer="ana", label="true")
    database.close()
    return db_path


# 1. export --out never replaces the database ---------------------------------------------


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_out_refuses_the_database_and_its_companions(reviewed, suffix):
    out = f"{reviewed}{suffix}"
    before = Path(reviewed).read_bytes()
    result = run_cli("export", "--out", out, "--db", str(reviewed), db_path=reviewed)
    one_line_refusal(result, "--out", "is the database file")
    assert Path(reviewed).read_bytes() == before
    again = run_cli("export", "--db", str(reviewed), db_path=reviewed)
    assert again.returncode == 0 and "The tram costs" in again.stdout


def test_export_out_refuses_a_link_or_another_spelling_of_the_database(reviewed, tmp_path):
    link = tmp_path / "report.csv"
    link.symlink_to(reviewed)
    other = Path(reviewed).parent / "." / ".." / Path(reviewed).parent.name / "claimdesk.db"
    for out in (link, other):
        result = run_cli("export", "--out", str(out), "--db", str(reviewed), db_path=reviewed)
        one_line_refusal(result, "is the database file")
    assert run_cli("export", "--db", str(reviewed), db_path=reviewed).returncode == 0


# 4. export and backup are atomic ----------------------------------------------------------


def test_killed_export_keeps_the_old_report(reviewed, tmp_path, monkeypatch):
    report = tmp_path / "report.csv"
    report.write_text("the old report\n")
    monkeypatch.setenv("CLAIMDESK_FAULT", "output")
    killed = run_cli("export", "--out", str(report), "--db", str(reviewed), db_path=reviewed)
    assert killed.returncode == -9, killed.stderr
    assert report.read_text() == "the old report\n"
    monkeypatch.delenv("CLAIMDESK_FAULT")
    again = run_cli("export", "--out", str(report), "--db", str(reviewed), db_path=reviewed)
    assert again.returncode == 0, again.stderr
    assert "The tram costs" in report.read_text()
    # What a kill can leave is a temporary file beside it, never a half report under its name.
    strays = [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.csv.")]
    assert all(name.endswith(".tmp") for name in strays)


KILL_AFTER_COPY = """
import os, signal, sys
import db.connection as connection
connection._fsync = lambda path: os.kill(os.getpid(), signal.SIGKILL)
database = connection.open_database(sys.argv[1])
connection.backup(database, sys.argv[2])
"""


def test_killed_backup_leaves_no_half_backup_and_the_retry_works(reviewed, tmp_path):
    import subprocess

    target = tmp_path / "backup.db"
    root = Path(__file__).resolve().parent.parent
    killed = subprocess.run([sys.executable, "-c", KILL_AFTER_COPY, str(reviewed), str(target)],
                            cwd=root, capture_output=True, timeout=120)  # fmt: skip
    assert killed.returncode == -9, killed.stderr
    assert not target.exists()  # the copy was whole on disk, but never under its name
    again = run_cli("backup", str(target), "--db", str(reviewed), db_path=reviewed)
    assert again.returncode == 0, again.stderr
    restored = db.connection.open_database(target)
    assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert restored.table("verdicts").count == 1


# 10. devices and FIFOs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("extract", "--lines", "{path}"), ("extract", "{path}"), ("ingest", "{path}"),
     ("search", "--queries", "{path}"), ("import", "{path}")],
    ids=["lines", "extract", "ingest", "queries", "import"],
)  # fmt: skip
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "fifo"])
def test_devices_and_fifos_are_refused_at_once(db_path, tmp_path, args, device):
    if device == "fifo":
        device = str(tmp_path / "queries.txt")
        os.mkfifo(device)  # no writer: reading it would wait forever
    flags = () if args[0] == "extract" else ("--db", str(db_path))  # extract uses none
    result = run_cli(*(a.format(path=device) for a in args), *flags, db_path=db_path)
    kind = "a pipe (FIFO)" if device.endswith(".txt") else "a character device"
    one_line_refusal(result, Path(device).name, f"is {kind}, not a regular")


# 17. query files that are no queries ------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "the file is empty"),
        (b"tram costs\nrent\x00rose\n", "NUL byte"),
        (b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n", "a PDF"),
        (b'{"id": "q1", "text": ' + b"[" * 100_000 + b"\n", "JSON nested too deeply"),
        (b'{"id": {"a": 1}, "text": "tram costs"}\n', "'id' is an object, not an id"),
        (b'{"id": "q1", "text": ["tram"]}\n', "'text' is a list, not text"),
        (b'{"id": "q1"}\n', 'not a JSON object with "id" and "text"'),
    ],
    ids=["empty", "nul", "pdf", "deep", "id-object", "text-list", "no-text"],
)
def test_bad_query_files_are_refused(db_path, tmp_path, content, words):
    queries = tmp_path / "queries.jsonl"
    queries.write_bytes(content)
    result = run_cli("search", "--queries", str(queries), "--mode", "keyword",
                     "--db", str(db_path), db_path=db_path)  # fmt: skip
    one_line_refusal(result, "queries.jsonl", words)


# 18. one line, whatever the values hold ---------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("ingest", "{tmp}/two\nlines.txt"), ("export", "--since", "2025\n01-01"),
     ("export", "--label", "false\ntrue"), ("verdict", "1", "tr\nue", "--reviewer", "ana")],
    ids=["file-name", "since", "label", "verdict-label"],
)  # fmt: skip
def test_errors_with_a_newline_in_a_value_stay_one_line(reviewed, tmp_path, args):
    result = run_cli(*(a.format(tmp=tmp_path) for a in args), "--db", str(reviewed),
                     db_path=reviewed)  # fmt: skip
    one_line_refusal(result, "\\n")
