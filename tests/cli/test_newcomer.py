"""The command line for people (issue 14): help for every command and flag, `documents`,
`demo --remove`, the demo left out of exports, the review-address warning."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

import db.connection
import db.demo
import db.matches
import db.verdicts
from checks.cli.main import build_parser, main
from checks.labels import LABELS
from db.transfer import count_rows

ROOT = Path(__file__).resolve().parents[2]


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("command", sorted(_commands(build_parser("claimdesk"))))
def test_every_command_and_flag_has_a_help_text(command):
    parser = _commands(build_parser("claimdesk"))[command]
    assert parser.description and not parser.description.startswith(("Return", "Run"))
    missing = [a.dest for a in parser._actions if not a.help or a.help == argparse.SUPPRESS]
    assert missing == []


def test_top_level_help_is_for_people_with_examples():
    text = build_parser("claimdesk").format_help()
    assert text.startswith("usage: claimdesk ")
    assert "examples:\n  claimdesk ingest article.pdf" in text
    assert "claimdesk demo --remove" in text and "claimdesk documents" in text
    assert "handler" not in text and "Each command" not in text  # no developer docstring


def test_verdict_help_lists_the_labels(capsys):
    with pytest.raises(SystemExit):
        main(["verdict", "--help"])
    out = capsys.readouterr().out
    assert all(f"  {label} " in out for label in LABELS)


def test_help_names_the_program_as_called():
    done = subprocess.run([sys.executable, "-m", "checks", "--help"], cwd=ROOT,
                          capture_output=True, text=True)  # fmt: skip
    assert done.stdout.startswith("usage: python -m checks ")


@pytest.fixture
def ours_db(database, add_doc, db_target):
    """One document of ours with one reviewed claim, no demo."""
    ours = add_doc("Our council spent 4 million euros on buses last year.")
    db.verdicts.record_verdict(database, ours[0], reviewer="Ana", label="true", rationale="Yes.")
    return db_target, ours[0]


@pytest.fixture
def demo_db(database, add_doc, ours_db):
    """Ours (one reviewed claim) and a demo document (one reviewed claim), matched together."""
    path, ours = ours_db
    fake = add_doc("Lakeport spent 9 million euros on trams last year.")
    demo_document = database.execute("SELECT document_id FROM claims WHERE id = ?", fake).fetchone()
    db.demo.mark_document(database, demo_document[0])
    db.verdicts.record_verdict(database, fake[0], reviewer="Ben (demo)", label="false")
    match = {"claim_id": ours, "matched_claim_id": fake[0], "similarity": 0.8,
             "level": "same", "numbers": "differ"}  # fmt: skip
    with db.connection.write_transaction(database):
        db.matches.add_matches(database, [match])
    return path, ours, fake[0]


def test_documents_lists_a_database_without_a_demo(ours_db, capsys):
    path, ours = ours_db
    assert main(["documents", "--db", path, "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["claims"], row["reviewed"]) == (1, 1)
    assert main(["documents", "--db", path]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert line.split()[0] == str(row["id"]) and "(demo)" not in line


def test_documents_lists_ids_and_counts(demo_db, capsys):
    path, ours, fake = demo_db
    assert main(["documents", "--db", path, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [set(r) for r in rows] == [{"id", "title", "published", "claims", "checkworthy",
                                       "reviewed"}] * 2  # fmt: skip
    assert [(r["claims"], r["reviewed"]) for r in rows] == [(1, 1), (1, 1)]
    assert main(["documents", "--db", path]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split() == ["id", "published", "claims", "check-worthy",
                                            "reviewed", "title"]  # fmt: skip
    assert text.count("(demo)") == 1


def test_demo_remove_removes_the_demo_and_nothing_else(demo_db, database, capsys):
    path, ours, fake = demo_db
    before = {t: count_rows(database, t) for t in ("documents", "claims", "verdicts")}
    assert main(["demo", "--remove", "--db", path]) == 0
    assert "removed 1 documents, 1 claims and 1 verdicts" in capsys.readouterr().out
    after = {t: count_rows(database, t) for t in ("documents", "claims", "verdicts")}
    assert after == {t: n - 1 for t, n in before.items()}
    assert db.verdicts.current_verdict(database, ours)["label"] == "true"
    assert count_rows(database, "matches") == 0  # the match to the demo claim went too
    assert database.execute("SELECT count(*) FROM claims WHERE id = ?", [fake]).fetchone()[0] == 0
    assert main(["seed-demo", "--db", path]) == 0  # not seeded again after a removal
    assert "not seeded" in capsys.readouterr().out


def test_export_leaves_the_demo_out_unless_asked(demo_db, capsysbinary):
    path, ours, fake = demo_db
    assert main(["export", "--db", path]) == 0
    ids = [line.split(b",")[0] for line in capsysbinary.readouterr().out.splitlines()[1:]]
    assert ids == [str(ours).encode()]
    assert main(["export", "--db", path, "--demo"]) == 0
    assert len(capsysbinary.readouterr().out.splitlines()) == 3


def test_claimreview_export_warns_while_addresses_are_local(ours_db, capsysbinary, monkeypatch):
    path, _ = ours_db
    monkeypatch.delenv("CLAIMDESK_REVIEW_URL", raising=False)
    assert main(["export", "--db", path, "--format", "claimreview"]) == 0
    err = capsysbinary.readouterr().err.decode()
    assert (
        err.startswith("warning: ClaimReview addresses point at this machine")
        and err.count("\n") == 1
    )
    monkeypatch.setenv("CLAIMDESK_REVIEW_URL", "https://desk.example.org/review/{id}")
    assert main(["export", "--db", path, "--format", "claimreview"]) == 0
    assert capsysbinary.readouterr().err == b""


def test_extract_text_writes_figures_as_people_read_them(tmp_path, capsys):
    """The text output uses the one number format of the pages and the Markdown report."""
    source = tmp_path / "budget.txt"
    source.write_text("The council spent €178 billion on 1,800 buses last year.\n", "utf-8")
    assert main(["extract", str(source)]) == 0
    out = capsys.readouterr().out
    assert "→ 178 billion EUR (money)" in out and "→ 1,800 buses (count)" in out
    assert "e+" not in out  # was: 1.78e+11 EUR
