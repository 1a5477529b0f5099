"""Bad input through the real CLI (DESIGN.md §4, §7): exit 2, one line naming the file or value
and the problem, no traceback, the database untouched. Every command runs in its own process
(CLAIMDESK_MODEL=fake); all of them start at once so the file stays fast."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.browser_support import run_cli
from tests.cli.bad_input import (
    ARCHIVE_MISSES,
    ARCHIVES,
    BAD_FILES,
    COMMANDS,
    LATIN1,
    NOTES,
    SEARCHES,
    VERDICTS,
    Run,
    assert_refused,
    run_all,
)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Run]:
    """Run every case's command, each in its own process, and keep the results."""
    return run_all(tmp_path_factory.mktemp("bad_input"))


# The same cases through a fresh `python -m checks` (run_cli), one per command family, so the
# forked runner cannot hide a difference of a real start.
FRESH = ["ingest-empty", "extract-png", "lines-100MB", "import-csv-ragged", "verdict-unknown-label"]


@pytest.mark.parametrize("case_id", FRESH)
def test_fresh_process_matches_forked_run(runs, case_id, tmp_path):
    forked = runs[case_id]
    args = [a.replace(str(forked.db_path), str(tmp_path / "c.db")) for a in forked.result.args]
    if forked.before is not None:
        shutil.copy(forked.db_path, tmp_path / "c.db")
    fresh = run_cli(*args, db_path=tmp_path / "c.db")
    assert (fresh.returncode, fresh.stderr, fresh.stdout) == (
        forked.result.returncode,
        forked.result.stderr,
        forked.result.stdout,
    )


FILE_CASES = [
    pytest.param(command, name, id=f"{command}-{name}")
    for command in COMMANDS
    for name in BAD_FILES
]


@pytest.mark.parametrize(("command", "name"), FILE_CASES)
def test_bad_file_is_refused(runs, command, name):
    file_name, _, problem = BAD_FILES[name]
    if command == "lines" and name.startswith("pdf"):
        problem = "--lines reads plain text"
    assert_refused(runs[f"{command}-{name}"], Path(file_name).name, problem)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, id=name, marks=[pytest.mark.xfail(strict=True, reason=why)])
        if (why := ARCHIVE_MISSES.get(name))
        else pytest.param(name, id=name)
        for name in ARCHIVES
    ],
)
def test_bad_archive_is_refused(runs, name):
    file_name, _, problem = ARCHIVES[name]
    assert_refused(runs[f"import-{name}"], file_name, problem)


@pytest.mark.parametrize("name", list(VERDICTS), ids=list(VERDICTS))
def test_bad_verdict_is_refused(runs, name):
    assert_refused(runs[f"verdict-{name}"], VERDICTS[name][1])


# Accepted inputs ---------------------------------------------------------------------------


def _stored_texts(run: Run) -> list[str]:
    conn = sqlite3.connect(run.db_path)
    try:
        return [r[0] for r in conn.execute("SELECT text FROM documents ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_latin1_text_is_decoded(runs, command):
    run = runs[f"{command}-latin1"]
    assert run.result.returncode == 0, run.result.stderr
    text = _stored_texts(run)[-1] if command == "ingest" else json.loads(run.result.stdout)["text"]
    assert text == LATIN1.strip()


def test_latin1_lines_are_decoded(runs):
    run = runs["lines-latin1"]
    assert run.result.returncode == 0, run.result.stderr
    (line,) = [json.loads(row) for row in run.result.stdout.splitlines()]
    texts = [LATIN1[q["start"] : q["end"]] for q in line["quantities"]]
    assert "£12" in texts and any(q["unit"] == "GBP" for q in line["quantities"])


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_html_keeps_text_drops_scripts_and_styles(runs, command):
    run = runs[f"{command}-html"]
    assert run.result.returncode == 0, run.result.stderr
    text = _stored_texts(run)[-1] if command == "ingest" else json.loads(run.result.stdout)["text"]
    assert "The council spent $4 million on roads in 2023." in text
    for leaked in ("scriptMarker", "styleMarker", "color", "alert", "document.write"):
        assert leaked not in text


def test_html_lines_are_accepted(runs):
    """--lines scores raw lines, markup included; it must not refuse HTML."""
    run = runs["lines-html"]
    assert run.result.returncode == 0, run.result.stderr
    assert len(run.result.stdout.splitlines()) == 1


# Size limit and memory -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "ingest",
        "extract",
        "lines",
        "import",
    ],
)
def test_100mb_file_is_refused_without_reading_it(runs, command):
    """Refused by the size limit before reading: peak memory as for an empty file."""
    big, empty = runs[f"{command}-100MB"], runs[f"{command}-empty"]
    assert big.result.returncode == 2 and "Traceback" not in big.result.stderr
    assert big.peak_mb - empty.peak_mb < 30, (big.peak_mb, empty.peak_mb)
    assert "limit" in big.result.stderr


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, id=name, marks=[pytest.mark.xfail(strict=True, reason=why)])
        if (why := SEARCHES[name][2])
        else pytest.param(name, id=name)
        for name in SEARCHES
    ],
)
def test_bad_search_is_refused(runs, name):
    assert_refused(runs[f"search-{name}"], SEARCHES[name][1])


@pytest.mark.parametrize("case_id", ["verdict-no-database", "verdict-no-database-bad-label"])
def test_verdict_without_database_creates_none(runs, case_id):
    assert_refused(runs[case_id], "no such claim", "no database at")


@pytest.mark.parametrize("command", ["extract", "lines"])
@pytest.mark.parametrize("name", ["empty", "100MB", "png"])
def test_bad_stdin_is_refused(runs, command, name):
    """`-` reads standard input, never further than the size limit."""
    problem = BAD_FILES[name][2]
    run = runs[f"{command}-stdin-{name}"]
    assert_refused(run, "<stdin>", problem)
    if name == "100MB":  # reads the limit (20 MB) and one byte, not the 100 MB
        empty = runs[f"{command}-stdin-empty"]
        assert run.peak_mb - empty.peak_mb < 45, (run.peak_mb, empty.peak_mb)


# The database itself -----------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["text-file", "directory", "under-a-file"])
def test_db_that_is_no_database_is_refused(runs, shape):
    run = runs[f"db-{shape}"]
    assert run.result.returncode == 2 and "Traceback" not in run.result.stderr, run.result.stderr
    (line,) = run.result.stderr.strip().splitlines()
    assert line.startswith(f"error: --db {run.db_path}: ")
    if shape == "text-file":
        assert run.db_path.read_text(encoding="utf-8") == NOTES
    if shape == "under-a-file":
        assert not run.db_path.exists()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_overlong_file_name_is_one_line(runs, command):
    """The OS refuses a 300-character name (ENAMETOOLONG): still one line, exit 2."""
    run = runs[f"{command}-overlong-name"]
    assert_refused(run, "a" * 100)


def test_deeply_nested_html_is_cleaned_in_linear_time():
    """20,000 nested <div>s (120 KB): marking blocks by editing the tree took time in
    proportion to depth x elements (18 s here); the stack walk takes about 1 s."""
    import time

    from checks.clean import clean_bytes

    depth = 20_000
    page = b"<html><body>" + b"<div>" * depth + b"The port cost $4 million in 2023." + b"</div>"
    started = time.process_time()  # CPU time: other processes' load inflates wall time
    cleaned = clean_bytes(page, "nested.html")
    assert cleaned.text == "The port cost $4 million in 2023."
    assert time.process_time() - started < 5.0


@pytest.mark.parametrize(
    "line",
    ["[" * 30_000 + "x" + "](" * 15_000, "**a " * 30_000, "__a " * 30_000, " *a" * 30_000,
     "~~a " * 30_000],
    ids=["brackets", "bold", "underscores", "emphasis", "strike"],
)  # fmt: skip
def test_markdown_on_one_long_line_is_linear(line):
    """Link and emphasis patterns once rescanned the rest of the line from every opening mark:
    120 KB of `**a ` took 34 s. Bounded runs take well under a second."""
    import time

    from checks.markdown_text import markdown_to_text

    started = time.process_time()
    markdown_to_text(line)
    assert time.process_time() - started < 3.0
