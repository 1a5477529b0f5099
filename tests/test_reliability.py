"""DESIGN.md §7 under load and faults: concurrent reviewers, killed ingests, backups."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time

import pytest

import db.claims
import db.connection
import db.verdicts
from checks.errors import StaleClaim
from checks.workflows.verdicts import record_verdict
from tests.browser_support import run_cli

WORKERS = 8
VERDICTS_EACH = 500
CLAIMS = 40


def _reviewer(db_path: str, worker: int, claim_ids: list[int], queue) -> None:
    """Record VERDICTS_EACH verdicts the way the review page does: open, then save."""
    database = db.connection.open_database(db_path)
    accepted, refused, failures = [], 0, []
    for i in range(VERDICTS_EACH):
        claim_id = claim_ids[(worker * 7 + i) % len(claim_ids)]
        opened = db.claims.get_claim(database, claim_id)["version"]
        try:
            verdict = record_verdict(
                database, claim_id, "false" if i % 2 else "true",
                reviewer=f"reviewer-{worker}", rationale=f"{worker}:{i}",
                expected_version=opened,
            )  # fmt: skip
            accepted.append((verdict["id"], claim_id, verdict["version"], f"{worker}:{i}"))
        except StaleClaim:
            refused += 1
        except sqlite3.Error as err:  # "database is locked" would land here
            failures.append(repr(err))
    queue.put((accepted, refused, failures))


def test_concurrent_reviewers_lose_nothing(db_path, add_doc):
    claim_ids = add_doc(*[f"Claim number {n} says {n} percent." for n in range(CLAIMS)])
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    started = time.perf_counter()
    workers = [
        context.Process(target=_reviewer, args=(str(db_path), w, claim_ids, queue))
        for w in range(WORKERS)
    ]
    for process in workers:
        process.start()
    results = [queue.get(timeout=240) for _ in workers]
    for process in workers:
        process.join(timeout=30)
    seconds = time.perf_counter() - started
    accepted = [a for result in results for a in result[0]]
    refused = sum(result[1] for result in results)
    failures = [f for result in results for f in result[2]]

    assert failures == []
    assert len(accepted) + refused == WORKERS * VERDICTS_EACH
    database = db.connection.open_database(db_path)
    rows = {r["id"]: r for r in database.query("SELECT * FROM verdicts")}
    assert len(rows) == len(accepted)  # every accepted verdict is a row, nothing more
    for verdict_id, claim_id, _, rationale in accepted:
        assert (rows[verdict_id]["claim_id"], rows[verdict_id]["rationale"]) == (
            claim_id,
            rationale,
        )
    for claim_id in claim_ids:  # history complete and ordered: versions 1..n in id order
        history = db.verdicts.verdict_history(database, claim_id)[::-1]
        versions = [v for (vid, cid, v, _) in sorted(accepted) if cid == claim_id]
        assert versions == list(range(1, len(history) + 1))
        assert db.claims.get_claim(database, claim_id)["version"] == len(history)
    print(f"\n{len(accepted)} verdicts accepted, {refused} refused as stale, "
          f"{len(accepted) / seconds:.0f} accepted verdicts/s")  # fmt: skip


def test_backup_is_consistent_and_restores(db_path, add_doc, tmp_path):
    (claim_id,) = add_doc("The tram costs €2.4 billion.")
    database = db.connection.open_database(db_path)
    db.verdicts.record_verdict(database, claim_id, reviewer="ana", label="true")
    target = tmp_path / "backup.db"
    result = run_cli("backup", str(target), "--db", str(db_path), db_path=db_path)
    assert result.returncode == 0, result.stderr
    db.verdicts.record_verdict(database, claim_id, reviewer="ben", label="false")  # after backup
    restored = db.connection.open_database(target)
    assert [v["reviewer"] for v in db.verdicts.verdict_history(restored, claim_id)] == ["ana"]
    assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_refuses_to_overwrite(db_path, tmp_path):
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    result = run_cli("backup", str(target), "--db", str(db_path), db_path=db_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "already exists" in result.stderr
    assert target.read_text() == "keep me"


@pytest.mark.parametrize("stage", ["extract", "embed", "write"])
def test_killed_ingest_leaves_no_trace_and_reruns(db_path, tmp_path, stage, monkeypatch):
    document = tmp_path / "article.md"
    document.write_text(
        "# Tram plan\n\nThe council approved €2.4 billion for 46 kilometres of track. "
        "About 38 percent of commuters drive to work.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CLAIMDESK_FAULT", stage)
    killed = run_cli("ingest", str(document), "--db", str(db_path), db_path=db_path)
    assert killed.returncode == -9, killed.stderr  # SIGKILL at the fault point: stage reached
    monkeypatch.delenv("CLAIMDESK_FAULT")
    database = db.connection.open_database(db_path)
    for table in ("documents", "sentences", "claims", "quantities", "embeddings", "matches"):
        assert database.table(table).count == 0, table
    again = run_cli("ingest", str(document), "--db", str(db_path), db_path=db_path)
    assert again.returncode == 0, again.stderr
    third = run_cli("ingest", str(document), "--db", str(db_path), db_path=db_path)
    assert "nothing added" in third.stdout
    assert database.table("documents").count == 1
    orphans = database.execute(
        "SELECT count(*) FROM quantities WHERE claim_id NOT IN (SELECT id FROM claims)"
    ).fetchone()[0]
    assert orphans == 0 and database.table("claims").count >= 2


def test_interrupted_import_resumes_without_duplicates(db_path, tmp_path, monkeypatch):
    from checks.workflows.imports import IMPORT_BATCH

    rows = IMPORT_BATCH + 200  # two batches: the kill falls after the first one
    archive = tmp_path / "archive.csv"
    lines = ["id,claim,rating"] + [
        f"c{n},Claim number {n} says the tram costs {n} million euros.,False" for n in range(rows)
    ]
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMDESK_FAULT", "import")
    killed = run_cli("import", str(archive), "--db", str(db_path), db_path=db_path)
    assert killed.returncode == -9, killed.stderr  # killed between two batches
    monkeypatch.delenv("CLAIMDESK_FAULT")
    database = db.connection.open_database(db_path)
    assert database.table("claims").count == IMPORT_BATCH  # the first batch, whole
    assert database.table("verdicts").count == IMPORT_BATCH
    again = run_cli("import", str(archive), "--db", str(db_path), db_path=db_path)
    assert again.returncode == 0, again.stderr
    assert database.table("claims").count == rows
    assert database.table("verdicts").count == rows
    distinct = database.execute("SELECT count(DISTINCT external_id) FROM claims").fetchone()[0]
    assert distinct == rows
    assert database.table("embeddings").count == rows
