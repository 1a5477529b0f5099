"""The command line: each command's output, flags and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

# export ------------------------------------------------------------------------------------


@pytest.fixture
def reviewed_db(database, add_doc):
    """A database with two claims, one of them reviewed; returns its path and the claim ids."""
    import db.connection
    import db.verdicts

    ids = add_doc('=HYPERLINK("http://x") says fares rose 5 percent.', "Rents fell by 3 percent.")
    db.verdicts.record_verdict(database, ids[0], reviewer="Ana", label="false", rationale="No.",
                         created_at="2026-01-05T10:00:00+00:00")  # fmt: skip
    return database.conn.execute("PRAGMA database_list").fetchone()[2], ids


def run_export(capsysbinary, *args: str) -> tuple[int, bytes, bytes]:
    from checks.cli.main import main

    code = main(["export", *args])
    out = capsysbinary.readouterr()
    return code, out.out, out.err


def test_export_csv_to_stdout(reviewed_db, capsysbinary):
    path, ids = reviewed_db
    code, out, err = run_export(capsysbinary, "--db", path)
    assert code == 0, err
    lines = out.decode().splitlines()
    assert lines[0].startswith("claim_id,claim,kind,score,quantities,claimant,document,")
    assert lines[1].startswith(f'{ids[0]},"\'=HYPERLINK(""http://x"")')
    assert len(lines) == 2


def test_export_all_and_filters(reviewed_db, capsysbinary):
    path, ids = reviewed_db
    _, out, _ = run_export(capsysbinary, "--db", path, "--all")
    assert len(out.decode().splitlines()) == 3
    _, out, _ = run_export(capsysbinary, "--db", path, "--label", "true")
    assert len(out.decode().splitlines()) == 1
    _, out, _ = run_export(capsysbinary, "--db", path, "--reviewer", "Ana", "--since",
                           "2026-01-05", "--until", "2026-01-05")  # fmt: skip
    assert len(out.decode().splitlines()) == 2


@pytest.mark.parametrize(
    "fmt, marker",
    [("claimreview", b'"alternateName": "False"'), ("markdown", b"**False** (Ana, 2026-01-05)")],
)
def test_export_formats_to_file(reviewed_db, capsysbinary, tmp_path, fmt, marker):
    path, _ = reviewed_db
    target = tmp_path / f"report.{fmt}"
    code, out, err = run_export(capsysbinary, "--db", path, "--format", fmt, "--out", str(target))
    assert code == 0, err
    assert marker in target.read_bytes()
    assert f"wrote {target}".encode() in out


def test_export_bom(reviewed_db, capsysbinary):
    path, _ = reviewed_db
    _, out, _ = run_export(capsysbinary, "--db", path, "--bom")
    assert out.startswith(b"\xef\xbb\xbfclaim_id,")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--label", "fake"], "--label fake: not a verdict label"),
        (["--since", "2026-02-30"], "--since 2026-02-30: not a date"),
        (["--until", "soon"], "--until soon: not a date"),
        (["--document", "99"], "--document 99: no such document"),
        (["--out", "/nonexistent/dir/report.csv"], "--out /nonexistent/dir/report.csv:"),
    ],
    ids=["label", "since", "until", "document", "out"],
)
def test_export_bad_input_exits_2_with_one_line(reviewed_db, capsysbinary, args, message):
    path, _ = reviewed_db
    code, out, err = run_export(capsysbinary, "--db", path, *args)
    assert code == 2 and out == b""
    assert err.decode().count("\n") == 1 and message in err.decode()


def test_export_does_not_load_the_model(reviewed_db):
    import subprocess
    import sys

    path, _ = reviewed_db
    script = (
        "import sys; from checks.cli.main import main; code = main(['export', '--db', sys.argv[1], "
        "'--format', 'markdown', '--out', sys.argv[1] + '.md']); "
        "print(code, 'sentence_transformers' in sys.modules, 'torch' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script, path], capture_output=True, text=True,
                          cwd=root, timeout=60)  # fmt: skip
    assert done.stdout.split()[-3:] == ["0", "False", "False"], done.stderr


# extract, ingest, verdict (subprocesses: the real command line, fake embedder) ---------------

ARTICLE = (
    "# Tram plan approved\n\nMira Castell\n12 March 2026\n\n"
    "The council approved €2.4 billion for 46 kilometres of track. "
    "About 38 percent of commuters drive to work, the survey found.\n\n"
    'Is this the right plan? "It is the best investment we can make," said Mayor Helena Brandt.\n'
)


def _cli(*args: str, db_path=None, stdin: str | None = None):
    import os
    import subprocess
    import sys

    from tests.browser_support import ROOT

    env = {**os.environ, "CLAIMDESK_MODEL": "fake"}
    if db_path:
        env["CLAIMDESK_DB"] = str(db_path)
    return subprocess.run(
        [sys.executable, "-m", "checks", *args], cwd=ROOT, env=env, input=stdin,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_extract_json_contract():
    import json

    result = _cli("extract", "-", "--format", "json", stdin=ARTICLE)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    text = out["text"]
    assert set(out) == {"text", "sentences", "claims"}
    for sentence in out["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    claim_keys = {"start", "end", "text", "sentence", "kind", "score", "checkworthy", "reasons",
                  "claimant", "quantities"}  # fmt: skip
    money = None
    for claim in out["claims"]:
        assert set(claim) == claim_keys
        assert text[claim["start"] : claim["end"]] == claim["text"]
        assert 0.0 <= claim["score"] <= 1.0
        for q in claim["quantities"]:
            assert text[q["start"] : q["end"]] == q["text"]
            if q["kind"] == "money":
                money = q
    assert money["value"] == 2.4e9 and money["unit"] == "EUR"
    assert not any(c["text"].endswith("?") for c in out["claims"])  # questions are no claims


def test_extract_lines_one_object_per_line():
    import json

    lines = "Unemployment fell to 3.5 percent in 2019.\n\nThank you all for coming.\n"
    result = _cli("extract", "--lines", "-", "--format", "jsonl", stdin=lines)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3]
    assert set(rows[0]) == {"line", "score", "checkworthy", "kind", "quantities"}
    assert rows[1]["score"] == 0.0 and rows[1]["quantities"] == []
    (pct, year) = rows[0]["quantities"]
    assert (pct["value"], pct["unit"], year["kind"]) == (3.5, "%", "year")


def test_ingest_is_idempotent_and_verdict_versions(tmp_path):
    import json

    db_path = tmp_path / "cli.db"
    article = tmp_path / "article.md"
    article.write_text(ARTICLE, encoding="utf-8")
    first = _cli("ingest", str(article), "--format", "json", db_path=db_path)
    assert first.returncode == 0, first.stderr
    added = json.loads(first.stdout)
    assert added["added"] and added["claims"] >= 2
    again = _cli("ingest", str(article), db_path=db_path)
    assert again.returncode == 0 and "nothing added" in again.stdout
    verdict = _cli("verdict", "1", "false", "--reviewer", "ana", "--source",
                   "https://example.org/a", "--expected-version", "0", db_path=db_path)  # fmt: skip
    assert verdict.returncode == 0, verdict.stderr
    stale = _cli("verdict", "1", "true", "--reviewer", "ben", "--expected-version", "0",
                 db_path=db_path)  # fmt: skip
    assert stale.returncode == 2
    assert stale.stderr.count("\n") == 1 and "newer verdict" in stale.stderr


# import and search ---------------------------------------------------------------------------

ARCHIVE_CSV = (
    "id,claim,rating\n"
    "A1,The council voted 31 to 14 to approve the tram plan.,Mostly True\n"
    "A2,Lakeport will spend €2.8 billion on the new tram lines.,Pants on Fire\n"
)


def test_import_then_search_json_contract(tmp_path):
    import json

    db_path = tmp_path / "cli.db"
    archive = tmp_path / "desk.csv"
    archive.write_text(ARCHIVE_CSV, encoding="utf-8")
    first = _cli("import", str(archive), db_path=db_path)
    assert first.returncode == 0, first.stderr
    assert "2 claims added" in first.stdout and "2 verdicts" in first.stdout
    again = _cli("import", str(archive), db_path=db_path)
    assert "0 claims added, 2 skipped" in again.stdout
    found = _cli("search", "spend €2.4 billion on tram lines", "--k", "1", "--format", "json",
                 db_path=db_path)  # fmt: skip
    assert found.returncode == 0, found.stderr
    body = json.loads(found.stdout)
    assert body["query"] == "spend €2.4 billion on tram lines"
    (result,) = body["results"]
    assert set(result) == {"claim_id", "external_id", "text", "score", "verdict", "numbers"}
    assert (result["external_id"], result["verdict"], result["numbers"]) == (
        "A2",
        "false",
        "differ",
    )


def test_search_queries_file_jsonl(tmp_path):
    import json

    db_path = tmp_path / "cli.db"
    archive = tmp_path / "desk.csv"
    archive.write_text(ARCHIVE_CSV, encoding="utf-8")
    assert _cli("import", str(archive), db_path=db_path).returncode == 0
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"id": "t1", "text": "the council voted on the tram plan"}\n'
        '{"id": 7, "text": "€2.8 billion"}\n'
    )
    plain = tmp_path / "q.txt"
    plain.write_text("council vote tram\n\nspend on tram lines\n")
    for mode in ("hybrid", "semantic", "keyword"):
        out = _cli("search", "--queries", str(queries), "--mode", mode, "--format", "jsonl",
                   db_path=db_path)  # fmt: skip
        assert out.returncode == 0, out.stderr
        rows = [json.loads(line) for line in out.stdout.splitlines()]
        assert [r["query_id"] for r in rows] == ["t1", "7"]
        assert rows[0]["results"][0]["external_id"] == "A1", mode
    out = _cli("search", "--queries", str(plain), "--format", "jsonl", db_path=db_path)
    assert [json.loads(line)["query_id"] for line in out.stdout.splitlines()] == ["1", "3"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        pytest.param("id,claim\n1,fine\n2,too,many\n", "bad.csv", "bad.csv: line 3", id="ragged"),
        pytest.param('{"claim": "x"}\n{oops\n', "bad.jsonl", "line 2, column 2", id="jsonl"),
        pytest.param("id,title\n1,x\n", "bad.csv", "no claim text column", id="no-text"),
    ],
)
def test_import_malformed_exits_2_and_writes_nothing(tmp_path, content, name, message):
    db_path = tmp_path / "cli.db"
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = _cli("import", str(path), db_path=db_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert not db_path.exists()


def test_our_exports_import_back_with_verdicts(reviewed_db, tmp_path):
    import db.connection
    import db.verdicts

    path, ids = reviewed_db
    for fmt in ("csv", "claimreview"):
        out = tmp_path / f"export.{'csv' if fmt == 'csv' else 'json'}"
        assert _cli("export", "--db", path, "--format", fmt, "--out", str(out)).returncode == 0
        target = tmp_path / f"target-{fmt}.db"
        result = _cli("import", str(out), db_path=target)
        assert result.returncode == 0, result.stderr
        database = db.connection.open_database(target)
        (claim,) = list(database.query("SELECT * FROM claims"))
        assert claim["text"] == '=HYPERLINK("http://x") says fares rose 5 percent.'
        verdict = db.verdicts.current_verdict(database, claim["id"])
        assert (verdict["label"], verdict["origin"]) == ("false", "import"), fmt
        if fmt == "csv":
            assert verdict["reviewer"] == "Ana"
            assert verdict["created_at"].startswith("2026-01-05")
        database.close()


def test_keyword_search_does_not_load_the_model(tmp_path):
    import subprocess
    import sys

    db_path = tmp_path / "cli.db"
    archive = tmp_path / "desk.csv"
    archive.write_text(ARCHIVE_CSV, encoding="utf-8")
    assert _cli("import", str(archive), db_path=db_path).returncode == 0
    script = (
        "import sys; from checks.cli.main import main; code = main(['search', 'tram', '--mode', "
        "'keyword', '--db', sys.argv[1]]); "
        "print(code, 'sentence_transformers' in sys.modules, 'torch' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in __import__("os").environ.items() if k != "CLAIMDESK_MODEL"}
    done = subprocess.run([sys.executable, "-c", script, str(db_path)], capture_output=True,
                          text=True, cwd=root, timeout=60, env=env)  # fmt: skip
    assert done.stdout.split()[-3:] == ["0", "False", "False"], done.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["search", "x", "--mode", "keyword", "--k", "0"], "error: --k 0: the number of results"),
        (["search", "x", "--mode", "keyword", "--since", "2026-03-01", "--until", "2026-02-01"],
         "error: the start date 2026-03-01 is after the end date 2026-02-01"),
        (["verdict", "1", "fake", "--reviewer", "Ana"], "error: fake: not a verdict label"),
        (["verdict", "1", "true", "--reviewer", " "], "error: --reviewer ' ': a reviewer name"),
        (["verdict", "1", "true", "--reviewer", "Ana", "--confidence", "2"],
         "error: --confidence 2.0: a confidence must be between 0 and 1"),
        (["ingest", "x.txt", "--date", "soon"], None),
    ],
)  # fmt: skip
def test_the_command_line_adds_the_flag_to_a_message(reviewed_db, capsys, args, message):
    """Messages come in the user's words; the edge leads them with the flag typed, if any."""
    from checks.cli.main import main

    path, _ = reviewed_db
    assert main([*args, "--db", path]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    if message:
        assert err.startswith(message), err


@pytest.mark.model
def test_the_real_model_leaves_stderr_silent():
    """Library chatter (load messages, warnings, progress bars) never reaches the user, with no
    process-wide warning filter: each library is quieted where it is loaded."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMDESK_MODEL", "PYTHONWARNINGS")}
    command = [sys.executable, "-m", "checks", "extract", "tests/fixtures/cli_round/article.txt"]
    done = subprocess.run([*command, "--format", "json"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0 and done.stderr == ""
    assert '"claims"' in done.stdout
