"""What an adversarial run broke (issue 17), through the command line in subprocesses: outputs
that would replace the database, kills mid-write, devices and FIFOs, odd query files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import db.connection
import db.documents
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
def db_target(db_path) -> str:
    """This module is about files on disk (backups, kills, devices): SQLite only."""
    return str(db_path)


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
import db.sqlite
db.sqlite._fsync = lambda path: os.kill(os.getpid(), signal.SIGKILL)
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


# 6. one URL check for every way a URL enters -----------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
     "data:text/html,<script>alert(1)</script>", "vbscript:x", "file:///etc/passwd"],
    ids=["javascript", "mixed-case", "leading-space", "data", "vbscript", "file"],
)  # fmt: skip
def test_ingest_url_takes_web_addresses_only(db_path, tmp_path, url):
    story = tmp_path / "story.txt"
    story.write_text("The tram line cost 40 million euros in 2023.\n", encoding="utf-8")
    result = run_cli("ingest", str(story), "--url", url, "--db", str(db_path), db_path=db_path)
    one_line_refusal(result, "not a web address")
    if db_path.exists():
        database = db.connection.open_database(db_path)
        assert database.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
        database.close()


# 2. an archive is what the user names, else its content --------------------------------------


def desk_file(folder: Path, *claims: str, verdict: str = "False") -> Path:
    """Write `folder/claims.csv` with ids 1.. for `claims`, as every app export is named."""
    folder.mkdir(exist_ok=True)
    lines = ["claim_id,claim,verdict"] + [f"{n},{c},{verdict}" for n, c in enumerate(claims, 1)]
    (folder / "claims.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "claims.csv"


def test_two_desks_files_of_one_name_are_two_archives(db_path, tmp_path):
    desk_a = desk_file(tmp_path / "deskA", "Fares rose by 3 percent.", "Rents fell by 2 percent.")
    desk_b = desk_file(tmp_path / "deskB", "The tram costs €2 billion.", "Crime fell 9 percent.",
                       verdict="True")  # fmt: skip
    for path in (desk_a, desk_b):
        result = run_cli("import", str(path), "--db", str(db_path), db_path=db_path)
        assert result.returncode == 0 and "2 claims added" in result.stdout, result.stdout
    database = db.connection.open_database(db_path)
    assert database.table("claims").count == 4 and database.table("verdicts").count == 4
    archives = {r["archive"] for r in database.query("SELECT archive FROM claims")}
    assert len(archives) == 2 and all(a.startswith("claims-") for a in archives)


def test_a_named_archive_clash_is_refused_and_writes_nothing(db_path, tmp_path):
    desk_a = desk_file(tmp_path / "deskA", "Fares rose by 3 percent.", "Rents fell by 2 percent.")
    desk_b = desk_file(tmp_path / "deskB", "The tram costs €2 billion.", "Crime fell 9 percent.")
    first = run_cli("import", str(desk_a), "--archive", "desk", "--db", str(db_path),
                    db_path=db_path)  # fmt: skip
    assert first.returncode == 0, first.stderr
    clash = run_cli("import", str(desk_b), "--archive", "desk", "--db", str(db_path),
                    db_path=db_path)  # fmt: skip
    one_line_refusal(clash, "archive 'desk' already holds id 1 with a different claim",
                     "(2 such ids)", "--archive")  # fmt: skip
    assert db.connection.open_database(db_path).table("claims").count == 2
    again = run_cli("import", str(desk_a), "--archive", "desk", "--db", str(db_path),
                    db_path=db_path)  # fmt: skip
    assert "0 claims added, 2 skipped" in again.stdout


# 3, 12. the same input at the same moment ----------------------------------------------------


def parallel_cli(db_path: Path, *args: str, runs: int = 4) -> list:
    """Start `runs` identical commands at once (real processes) and return their results."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "CLAIMDESK_DB": str(db_path), "CLAIMDESK_MODEL": "fake"}
    processes = [
        subprocess.Popen([sys.executable, "-m", "checks", *args], cwd=root, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(runs)
    ]  # fmt: skip
    return [(p.wait(timeout=600), *p.communicate()) for p in processes]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
@pytest.mark.parametrize("with_ids", [True, False], ids=["with-ids", "without-ids"])
def test_parallel_imports_of_one_file_add_each_claim_once(request, db_path, tmp_path, with_ids,
                                                          backend):  # fmt: skip
    if backend == "postgres":  # row locks only: the check under a lock on the archive
        db_path = request.getfixturevalue("pg_url")
    claims = [f"Claim {n} says the tram line costs {n} million euros." for n in range(3000)]
    lines = ["id,claim,rating"] if with_ids else ["claim,rating"]
    lines += [f"c{n},{c},False" if with_ids else f"{c},False" for n, c in enumerate(claims)]
    archive = tmp_path / "archive.csv"
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = parallel_cli(db_path, "import", str(archive), "--db", str(db_path))
    for code, _, err in results:
        assert code == 0 and "Traceback" not in err, err
    added = sum(int(out.split(" claims added")[0].rsplit(" ", 1)[1]) for _, out, _ in results)
    database = db.connection.open_database(db_path)
    counts = [next(database.query(f"SELECT count(*) AS n FROM {t}"))["n"]
              for t in ("claims", "verdicts")]  # fmt: skip
    assert counts == [3000, 3000]
    assert added == 3000  # the losers report rows already present, not failures


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_parallel_ingests_of_one_file_store_it_once(request, db_path, tmp_path, backend):
    if backend == "postgres":  # row locks only: the check under a lock on the text's hash
        db_path = request.getfixturevalue("pg_url")
    document = tmp_path / "article.txt"
    document.write_text("The council approved €2.4 billion for 46 kilometres of track. "
                        "About 38 percent of commuters drive to work.\n")  # fmt: skip
    results = parallel_cli(db_path, "ingest", str(document), "--db", str(db_path))
    for code, _, err in results:
        assert code == 0 and "Traceback" not in err, err
    outs = [out for _, out, _ in results]
    assert sum("added document" in out for out in outs) == 1
    assert sum("already ingested" in out for out in outs) == 3
    assert db.documents.count_documents(db.connection.open_database(db_path)) == 1


def test_parallel_first_uses_of_a_new_database_path(tmp_path):
    fresh = tmp_path / "new" / "claimdesk.db"
    results = parallel_cli(fresh, "export", "--db", str(fresh), runs=4)
    for code, _, err in results:
        assert code == 0 and not err, err
    database = db.connection.open_database(fresh)
    applied = [r["name"] for r in database.query("SELECT name FROM _sqlite_migrations")]
    assert len(applied) == len(set(applied))


# 13, 14, 20. ids beyond 64 bits, k honoured, filters validated ------------------------------

HUGE = str(2**70)


@pytest.mark.parametrize(
    "args",
    [("verdict", HUGE, "false", "--reviewer", "ana"), ("export", "--document", HUGE),
     ("search", "tram", "--mode", "keyword", "--document", HUGE)],
    ids=["verdict", "export-document", "search-document"],
)  # fmt: skip
def test_ids_beyond_64_bits_are_refused_not_crashed(reviewed, args):
    result = run_cli(*args, "--db", str(reviewed), db_path=reviewed)
    one_line_refusal(result, HUGE, "not an id")


@pytest.mark.parametrize(
    ("args", "words"),
    [(("--kind", "bogus"), "--kind bogus: not a claim kind"),
     (("--document", "999"), "--document 999: no such document")],
    ids=["kind", "document"],
)  # fmt: skip
def test_unknown_search_filters_are_refused_like_exports(reviewed, args, words):
    result = run_cli("search", "tram", "--mode", "keyword", *args, "--db", str(reviewed),
                     db_path=reviewed)  # fmt: skip
    one_line_refusal(result, words)


def test_search_k_is_honoured_beyond_the_candidate_pool(db_path, add_doc):
    add_doc(*[f"The tram line number {n} costs {n} million euros." for n in range(300)])
    for mode in ("keyword", "hybrid"):  # add_doc stores no vectors: semantic finds none
        result = run_cli("search", "tram line costs", "--k", "250", "--mode", mode,
                         "--format", "json", "--db", str(db_path), db_path=db_path)  # fmt: skip
        assert result.returncode == 0, result.stderr
        import json

        assert len(json.loads(result.stdout)["results"]) == 250, mode
