"""The bad-input cases of tests/cli/test_bad_input.py and how they run: each case's command
line, its database and what the message must name; every case runs in a process forked from
one interpreter that has already imported Claimdesk."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.browser_support import ROOT

BIG = 100 * 1024 * 1024
GOOD = "The council approved €2.4 billion for the tram. About 38 percent of commuters drive.\n"
LATIN1 = "Zoë paid £12 for the crème brûlée in 2023, about 40 percent more than in 2019.\n"
HTML = (
    "<!doctype html><html><head><title>Road budget</title>"
    "<style>body { color: red } .styleMarker {}</style>"
    "<script>var scriptMarker = 'alert(1)';</script></head><body>"
    "<p>The council spent $4 million on roads in 2023.</p>"
    "<script>document.write('scriptMarker two')</script></body></html>"
)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", GOOD)
    return buffer.getvalue()


def _pdf_damaged() -> bytes:
    """A PDF whose trailer lost its dictionary brackets (pypdf raised AttributeError on it)."""
    return _pdf_without_text().replace(b"trailer<<", b"trailer")


def _pdf_without_text() -> bytes:
    """A valid one-page PDF with no text layer (what a scanner without OCR produces)."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _big(path: Path) -> None:
    with open(path, "wb") as handle:  # sparse: no 100 MB written to disk
        handle.truncate(BIG)


# name -> (file name, content or a function writing the file, words the message must contain)
BAD_FILES: dict[str, tuple[str, bytes | Callable[[Path], None] | None, str]] = {
    "empty": ("empty.txt", b"", "empty"),
    "whitespace": ("blank.txt", b"  \n\t \r\n   \n", "whitespace"),
    "png": ("photo.png", _png(), "PNG image"),
    "png-named-txt": ("photo.txt", _png(), "PNG image"),
    "zip": ("bundle.zip", _zip(), "zip archive"),
    "invalid-utf8": ("damaged.txt", GOOD.encode() * 3 + b"\xff\xfe\xc3( end", "invalid UTF-8"),
    "pdf-no-text": ("scan.pdf", _pdf_without_text(), "no text layer"),
    "pdf-damaged": ("damaged.pdf", _pdf_damaged(), "not a readable PDF"),
    "100MB": ("huge.txt", _big, "limit"),
    "missing": ("nowhere.txt", None, "no such file"),
    "directory": ("folder.txt", lambda path: path.mkdir(), "directory"),
}
# --lines reads text as lines, so a PDF is refused as such rather than for lacking text.
COMMANDS = {"ingest": ("ingest",), "extract": ("extract",), "lines": ("extract", "--lines")}
ACCEPTED = {"latin1": ("latin.txt", LATIN1.encode("latin-1")), "html": ("page.html", HTML)}

ARCHIVES: dict[str, tuple[str, str, str]] = {
    "csv-no-text-column": ("no_text.csv", "id,rating\n1,false\n2,true\n", "no claim text column"),
    "csv-ragged": (
        "ragged.csv",
        "id,claim,rating\n1,The tram costs €5.,false\n2,Too,many,fields\n",
        "line 3",
    ),
    "csv-semicolons": ("semi.csv", "id;claim;rating\n1;The tram costs €5.;false\n", "column"),
    "json-not-claimreview": (
        "article.json",
        '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Tram"}',
        "no claims",
    ),
    "json-list-of-other": ("things.json", '[{"name": "tram", "cost": 5}]', "no claims"),
    "empty": ("empty.csv", "", "empty"),
    "missing": ("absent.csv", None, "no such file"),
    "directory": ("folder.csv", lambda path: path.mkdir(), "directory"),
    "png": ("photo.csv", _png(), "PNG image"),
    "zip": ("claims.zip", _zip(), "zip archive"),
}
ARCHIVE_MISSES: dict[str, str] = {}

# (args after "verdict", the value the message must name)
VERDICTS: dict[str, tuple[tuple[str, ...], str]] = {
    "unknown-claim": (("987654", "true"), "987654"),
    "unknown-label": (("{claim}", "pants-on-fire"), "pants-on-fire"),
    "confidence-above-1": (("{claim}", "true", "--confidence", "1.5"), "1.5"),
    "confidence-negative": (("{claim}", "true", "--confidence", "-0.1"), "-0.1"),
    "confidence-nan": (("{claim}", "true", "--confidence", "nan"), "nan"),
    "source-not-url": (("{claim}", "true", "--source", "see the minutes"), "see the minutes"),
    "source-javascript": (("{claim}", "true", "--source", "javascript:alert(1)"), "javascript"),
    "blank-reviewer": (("{claim}", "true", "--reviewer", "  "), "reviewer"),
}


# (args after "search", the value the message must name, the reason when it is a known miss)
SEARCHES: dict[str, tuple[tuple[str, ...], str, str | None]] = {
    "k-negative": (("tram", "--k", "-1"), "--k", None),
    "k-zero": (("tram", "--k", "0"), "--k", None),
    "since-not-a-date": (("tram", "--since", "2024-13-01"), "--since", None),
    "until-before-since": (("tram", "--since", "2025-02-01", "--until", "2025-01-01"),
                           "2025-02-01 is after the end date 2025-01-01", None),
    "unknown-label": (("tram", "--label", "pants-on-fire"), "pants-on-fire", None),
    "queries-missing": (("--queries", "{dir}/absent.jsonl"), "absent.jsonl", None),
}  # fmt: skip


@dataclass
class Run:
    """One CLI run: its result, its database and the row counts before it ran."""

    result: subprocess.CompletedProcess
    db_path: Path
    before: dict[str, int] | None  # None: the command must not create the database
    peak_mb: float = 0.0  # the process's peak resident memory


def table_counts(path: Path) -> dict[str, int]:
    """Return the row count of every table in the database file at `path`."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def _write(path: Path, content: bytes | str | Callable[[Path], None] | None) -> None:
    if content is None:
        return
    if callable(content):
        content(path)
    else:
        path.write_bytes(content.encode() if isinstance(content, str) else content)


def _seed(path: Path) -> int:
    """Make a database with one document and one verdict; return a claim id."""
    import db.connection
    from checks.embed import FakeEmbedder
    from checks.workflows.ingest import ingest_bytes
    from checks.workflows.verdicts import record_verdict

    database = db.connection.open_database(path)
    ingest_bytes(database, GOOD.encode(), "seed.txt", FakeEmbedder())
    claim_id = next(database.query("SELECT id FROM claims ORDER BY id"))["id"]
    record_verdict(database, claim_id, "true", reviewer="seed")
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return claim_id


Case = tuple[list[str], Path, bool, Path | None]


def _cases(folder: Path, seed: Path, claim_id: int) -> dict[str, Case]:
    """Return id -> (CLI args, database path, whether the command uses the database, the file
    to give as standard input)."""
    cases: dict[str, Case] = {}

    def add(case_id: str, args: list[str], uses_db: bool, stdin: Path | None = None) -> None:
        case_dir = folder / case_id
        case_dir.mkdir(exist_ok=True)
        db_path = case_dir / "claimdesk.db"
        if uses_db:
            shutil.copy(seed, db_path)
            args = [*args, "--db", str(db_path)]
        cases[case_id] = (args, db_path, uses_db, stdin)

    inputs = folder / "inputs"
    inputs.mkdir()
    for file_name, content, _ in BAD_FILES.values():
        _write(inputs / file_name, content)
    for file_name, content in ACCEPTED.values():
        _write(inputs / file_name, content)
    for command, words in COMMANDS.items():
        uses_db = command == "ingest"
        extra = [] if command == "ingest" else ["--format", "json"]
        for name, (file_name, _, _) in BAD_FILES.items():
            add(f"{command}-{name}", [*words, str(inputs / file_name), *extra], uses_db)
        for name, (file_name, _) in ACCEPTED.items():
            add(f"{command}-{name}", [*words, str(inputs / file_name), *extra], uses_db)
    for name, (file_name, content, _) in ARCHIVES.items():
        _write(inputs / file_name, content)
        add(f"import-{name}", ["import", str(inputs / file_name)], True)
    for command, words in COMMANDS.items():
        if command != "ingest":
            for name in ("empty", "100MB", "png"):
                stdin = inputs / BAD_FILES[name][0]
                add(f"{command}-stdin-{name}", [*words, "-", "--format", "json"], False, stdin)
    big_archive = inputs / "huge.csv"
    _big(big_archive)
    add("import-100MB", ["import", str(big_archive)], True)
    for name, (args, _) in VERDICTS.items():
        reviewer = [] if "--reviewer" in args else ["--reviewer", "ana"]
        filled = [a.replace("{claim}", str(claim_id)) for a in args]
        add(f"verdict-{name}", ["verdict", *filled, *reviewer], True)
    for name, (args, _, _) in SEARCHES.items():
        filled = [a.replace("{dir}", str(inputs)) for a in args]
        add(f"search-{name}", ["search", *filled, "--mode", "keyword"], True)
    # $CLAIMDESK_DB names a file that does not exist: refused, and not created.
    add("verdict-no-database", ["verdict", "1", "true", "--reviewer", "ana"], False)
    add("verdict-no-database-bad-label", ["verdict", "1", "nope", "--reviewer", "ana"], False)
    for shape, target in _bad_databases(folder / "databases").items():
        args = ["ingest", str(inputs / ACCEPTED["latin1"][0]), "--db", str(target)]
        cases[f"db-{shape}"] = (args, target, False, None)
    overlong = str(inputs / ("a" * 300 + ".txt"))
    for command, words in COMMANDS.items():
        add(f"{command}-overlong-name", [*words, overlong], command == "ingest")
    return cases


def _bad_databases(folder: Path) -> dict[str, Path]:
    """Return --db paths that are no database: a text file, a folder, a path under a file."""
    folder.mkdir()
    text_file = folder / "notes.db"
    text_file.write_text(NOTES, encoding="utf-8")
    (folder / "folder.db").mkdir()
    (folder / "plain").write_text("x", encoding="utf-8")
    return {
        "text-file": text_file,
        "directory": folder / "folder.db",
        "under-a-file": folder / "plain" / "c.db",
    }


NOTES = "these are my notes, not a database\n"


# Runs `python -m checks ARGS` once per case, each in a process forked from one interpreter that
# has already imported Claimdesk: the same entry point, argv, environment and file descriptors as
# a fresh process, without paying ~1 s of imports (sqlite-utils pulls in pandas) per case.
_FORK_DRIVER = """
import io, json, os, runpy, sys, traceback
import checks.archive, checks.clean, checks.cli.main, checks.embed, checks.workflows.ingest
import db.connection
results = {}
for case in json.load(sys.stdin):
    pid = os.fork()
    if pid == 0:
        out = os.open(case["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        err = os.open(case["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(out, 1)
        os.dup2(err, 2)
        if case["stdin"]:
            os.dup2(os.open(case["stdin"], os.O_RDONLY), 0)
            sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, closefd=False)))
        os.environ["CLAIMDESK_DB"] = case["db"]
        sys.argv = ["checks", *case["args"]]
        code = 1
        try:
            runpy.run_module("checks", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    results[case["id"]] = [os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024]
print(json.dumps(results))
"""


def run_forked(folder: Path, cases: dict[str, Case]) -> dict:
    """Run each case's CLI args against its database; return id -> (CompletedProcess, peak
    resident memory in MB)."""
    jobs = [
        {"id": case_id, "args": args, "db": str(db_path), "stdin": stdin and str(stdin),
         "out": str(folder / f"{case_id}.out"), "err": str(folder / f"{case_id}.err")}
        for case_id, (args, db_path, _, stdin) in cases.items()
    ]  # fmt: skip
    env = {**os.environ, "CLAIMDESK_MODEL": "fake"}
    driver = subprocess.run(
        [sys.executable, "-c", _FORK_DRIVER], cwd=ROOT, env=env, input=json.dumps(jobs),
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    codes = json.loads(driver.stdout)
    return {
        job["id"]: (
            subprocess.CompletedProcess(
                job["args"],
                codes[job["id"]][0],
                Path(job["out"]).read_text(encoding="utf-8"),
                Path(job["err"]).read_text(encoding="utf-8"),
            ),
            codes[job["id"]][1],
        )
        for job in jobs
    }


def run_all(folder: Path) -> dict[str, Run]:
    """Run every case's command, each in its own process, and keep the results."""
    seed = folder / "seed.db"
    claim_id = _seed(seed)
    cases = _cases(folder, seed, claim_id)
    before = table_counts(seed)
    results = run_forked(folder, cases)
    return {
        case_id: Run(results[case_id][0], db, before if uses_db else None, results[case_id][1])
        for case_id, (_, db, uses_db, _) in cases.items()
    }


def assert_refused(run: Run, *words: str) -> None:
    """Exit 2, one stderr line that starts with `error:` and holds `words`, no data changed."""
    result = run.result
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])
    assert result.stdout == ""
    if run.before is None:
        assert not run.db_path.exists()
    else:
        assert table_counts(run.db_path) == run.before
