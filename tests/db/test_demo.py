"""Migration m003: demo rows are marked, and only verdicts on demo claims may be deleted."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

import db.connection
from db.migrations import migrations
from db.transfer import count_rows
from tests.conftest import INTEGRITY_ERRORS


def _verdict(database, claim_id: int, reviewer: str = "Ana", demo: int = 0) -> int:
    return db.connection.insert(database, "verdicts", {
        "claim_id": claim_id, "reviewer": reviewer, "label": "true",
        "created_at": "2026-03-01T10:00:00", "demo": demo})  # fmt: skip


def test_real_verdicts_stay_append_only(database, add_doc):
    (claim_id,) = add_doc("The council spent 2 million euros on trams.")
    verdict_id = _verdict(database, claim_id)
    with pytest.raises(INTEGRITY_ERRORS, match="append-only"):
        database.execute("DELETE FROM verdicts WHERE id = ?", [verdict_id])
    with pytest.raises(INTEGRITY_ERRORS, match="append-only"):
        database.execute("UPDATE verdicts SET demo = 1 WHERE id = ?", [verdict_id])


def test_demo_verdicts_can_be_deleted(database, add_doc):
    (claim_id,) = add_doc("The council spent 2 million euros on trams.")
    marked = _verdict(database, claim_id, demo=1)
    database.execute("DELETE FROM verdicts WHERE id = ?", [marked])
    assert count_rows(database, "verdicts") == 0


def test_any_verdict_on_a_demo_claim_can_be_deleted(database, add_doc):
    (claim_id,) = add_doc("The council spent 2 million euros on trams.")
    database.execute("UPDATE claims SET demo = 1 WHERE id = ?", [claim_id])
    practice = _verdict(database, claim_id, reviewer="A newcomer")
    database.execute("DELETE FROM verdicts WHERE id = ?", [practice])
    assert count_rows(database, "verdicts") == 0


def _old_database(path) -> Database:
    """Return a database migrated up to (not including) m003, as `make run` left it before."""
    database = Database(path)
    migrations.apply(database, stop_before="m003_demo_marking")
    return database


@pytest.mark.parametrize(
    ("name", "text", "demo"),
    [
        pytest.param("01-transit-plan.md", "Lakeport council approves a tram.", 1, id="demo"),
        pytest.param("01-transit-plan.md", "Our own article on trams.", 0, id="same-name"),
        pytest.param("report.md", "Lakeport has a tram.", 0, id="user-file"),
    ],
)
def test_migration_marks_a_database_seeded_before(tmp_path, name, text, demo):
    database = _old_database(tmp_path / "old.db")
    database.execute(
        "INSERT INTO documents (id, title, ingested_at, sha256, text, original_name) "
        "VALUES (1, 'T', '2026-01-01', 'x', ?, ?)",
        [text, name],
    )
    database.execute(
        'INSERT INTO claims (id, document_id, start, "end", text, kind, score, content_hash,'
        " created_at) VALUES (1, 1, 0, 5, ?, 'event', 0.5, 'h', '2026-01-01')",
        [text],
    )
    database.execute(
        "INSERT INTO verdicts (claim_id, reviewer, label, created_at)"
        " VALUES (1, 'Ana Ruiz (demo)', 'true', '2026-01-01')"
    )
    migrations.apply(database)
    for table in ("documents", "claims", "verdicts"):
        assert [r["demo"] for r in database.query(f"SELECT demo FROM {table}")] == [demo]
