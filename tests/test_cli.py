"""The command line: each command's output, flags and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

# export ------------------------------------------------------------------------------------


@pytest.fixture
def reviewed_db(database, add_doc):
    """A database with two claims, one of them reviewed; returns its path and the claim ids."""
    from db import store

    ids = add_doc('=HYPERLINK("http://x") says fares rose 5 percent.', "Rents fell by 3 percent.")
    store.record_verdict(database, ids[0], reviewer="Ana", label="false", rationale="No.",
                         created_at="2026-01-05T10:00:00+00:00")  # fmt: skip
    return database.conn.execute("PRAGMA database_list").fetchone()[2], ids


def run_export(capsysbinary, *args: str) -> tuple[int, bytes, bytes]:
    from checks import cli

    code = cli.main(["export", *args])
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
        "import sys; from checks import cli; code = cli.main(['export', '--db', sys.argv[1], "
        "'--format', 'markdown', '--out', sys.argv[1] + '.md']); "
        "print(code, 'sentence_transformers' in sys.modules, 'torch' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", script, path], capture_output=True, text=True,
                          cwd=root, timeout=60)  # fmt: skip
    assert done.stdout.split()[-3:] == ["0", "False", "False"], done.stderr
