"""The command line's outputs, byte for byte, against golden files recorded before a change.

One round through a fresh database: extract (an invented article, its lines, and the founding
article from ../shared), ingest, import, verdict, search (keyword, hybrid, a queries file) and
export (CSV, ClaimReview, Markdown). The database times that the round itself creates are the
only text replaced before comparing. `CLAIMDESK_RECORD_GOLDEN=1` records the files anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path("tests/fixtures/cli_round")  # relative: outputs name the files as given
GOLDEN = ROOT / "tests" / "golden" / "cli_round.json"
FOUNDING = ROOT.parent / "shared" / "data" / "articles" / "000_ef123a5b4f98460d.txt"
GOLDEN_FOUNDING = ROOT / "tests" / "golden" / "cli_founding_article.json"
RECORD = os.environ.get("CLAIMDESK_RECORD_GOLDEN") == "1"
# A time the round creates (verdict rows, imported verdicts without a date): now() form.
NOW = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")

# (step, command line); each step's standard output is one golden entry.
F = FIXTURES
ROUND: list[tuple[str, str]] = [
    ("extract_json", f"extract {F}/article.txt --format json"),
    ("extract_lines_jsonl", f"extract --lines {F}/lines.txt --format jsonl"),
    ("ingest_json", f"ingest {F}/article.txt --date 2026-02-02 "
                    "--url https://example.org/westbrook-pier --format json"),
    ("import", f"import {F}/archive.csv"),
    ("verdict_json", "verdict 1 mostly-true --reviewer Ana --rationale 'Minutes say 9 to 4.' "
                     "--source https://example.org/minutes --confidence 0.9 --format json"),
    ("search_keyword_json", "search 'ferry traffic 40 percent' --mode keyword --format json"),
    ("search_hybrid_json", "search 'ferry traffic fell 40 percent' --mode hybrid --format json"),
    ("search_semantic_json", "search 'pier cost 14.5 million' --mode semantic --k 3 "
                             "--format json"),
    ("search_queries_jsonl", f"search --queries {F}/queries.jsonl --k 3 --format jsonl"),
    ("export_csv", "export --format csv"),
    ("export_csv_all", "export --format csv --all"),
    ("export_claimreview", "export --format claimreview"),
    ("export_markdown", "export --format markdown"),
]  # fmt: skip


def run_checks(*args: str, db: Path | str) -> str:
    """Run `python -m checks ARGS` from the repository root; return its standard output."""
    env = {**os.environ, "CLAIMDESK_MODEL": "fake", "CLAIMDESK_DB": str(db)}
    for name in ("CLAIMDESK_ORG", "CLAIMDESK_REVIEW_URL", "CLAIMDESK_FAULT"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "checks", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"{args}: {result.stderr}"
    today = datetime.now(UTC).date().isoformat()  # the Markdown report shows dates only
    return NOW.sub("<now>", result.stdout).replace(today, "<today>")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def outputs(request, tmp_path_factory) -> dict[str, str]:
    """Run the whole round once in a fresh database on each backend; return each step's
    output (the same golden file holds for both)."""
    if request.param == "sqlite":
        db = tmp_path_factory.mktemp("round") / "round.db"
    else:
        from tests import postgres_support

        db = postgres_support.create_database(request.getfixturevalue("pg_server"))
    got = {step: run_checks(*shlex.split(line), db=db) for step, line in ROUND}
    if RECORD and request.param == "sqlite":
        GOLDEN.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return got


@pytest.mark.parametrize("step", [step for step, _ in ROUND])
def test_round_output_unchanged(outputs, step):
    """Every output, keyword-ranked ones included, is the same on both backends (PostgreSQL
    scores BM25 as FTS5 does)."""
    expected = json.loads(GOLDEN.read_text("utf-8"))
    assert outputs[step] == expected[step]


def test_founding_article_extract_unchanged(tmp_path):
    if not FOUNDING.is_file():
        pytest.skip("../shared/data is absent: the founding article is not in the repository")
    got = run_checks("extract", str(FOUNDING), "--format", "json", db=tmp_path / "unused.db")
    # Only a digest is kept: the evaluation data is read by path, never copied into the repo.
    digest = {"sha256": hashlib.sha256(got.encode("utf-8")).hexdigest(), "chars": len(got),
              "claims": len(json.loads(got)["claims"])}  # fmt: skip
    if RECORD:
        GOLDEN_FOUNDING.write_text(json.dumps(digest, indent=1) + "\n", "utf-8")
    assert digest == json.loads(GOLDEN_FOUNDING.read_text("utf-8"))
