"""The schema: an empty database migrates to every table, index, trigger and pragma."""

import sqlite3

import pytest

import db.connection
from db.migrations import migrations

TABLES = {
    "documents": {"id", "title", "source_url", "author", "published_at", "ingested_at",
                  "sha256", "text", "original_name", "demo"},
    "sentences": {"id", "document_id", "idx", "start", "end"},
    "claims": {"id", "document_id", "sentence_id", "start", "end", "text", "kind", "score",
               "checkworthy", "reasons", "claimant", "status", "archive", "external_id",
               "review_url", "content_hash", "created_at", "version", "demo", "title",
               "title_hash"},
    "quantities": {"id", "claim_id", "start", "end", "text", "value", "unit", "kind",
                   "qualifier", "per"},
    "embeddings": {"model", "content_hash", "vector"},
    "matches": {"claim_id", "matched_claim_id", "similarity", "level", "numbers"},
    "verdicts": {"id", "claim_id", "reviewer", "label", "rationale", "sources", "confidence",
                 "created_at", "seconds_spent", "origin", "original_rating", "round", "demo"},
    "settings": {"key", "value"},
    "reviewers": {"name", "role", "password_hash", "active", "created_at"},
    "assignments": {"id", "claim_id", "reviewer", "round", "assigned_by", "assigned_at",
                    "done_at"},
}  # fmt: skip


@pytest.mark.parametrize("table", sorted(TABLES))
def test_table_has_design_columns(database, table):
    assert set(database.table(table).columns_dict) == TABLES[table]


def test_fts_and_triggers(database):
    assert database.table("claims").detect_fts() == "claims_fts"
    triggers = {t.name for t in database.triggers}
    assert {"claims_ai", "claims_ad", "claims_au"} <= triggers
    assert {"verdicts_no_update", "verdicts_no_delete"} <= triggers


def test_pragmas(database):
    assert database.journal_mode == "wal"
    assert next(database.query("PRAGMA foreign_keys"))["foreign_keys"] == 1
    assert next(database.query("PRAGMA busy_timeout"))["timeout"] >= 5000


def test_migrating_twice_changes_nothing(db_path):
    first = db.connection.open_database(db_path)
    schema = first.schema
    first.close()
    second = db.connection.open_database(db_path)
    assert second.schema == schema
    assert migrations.pending(second) == []
    assert len(migrations.applied(second)) == len(migrations._migrations)


def test_foreign_keys_enforced(database):
    with pytest.raises(sqlite3.IntegrityError):
        database.execute(
            'INSERT INTO sentences (document_id, idx, start, "end") VALUES (999, 0, 0, 1)'
        )


def _verdict(database, claim_id: int, label: str, origin: str = "review", **extra) -> None:
    columns = {"claim_id": claim_id, "reviewer": "ana", "label": label, "origin": origin,
               "created_at": "2026-01-01T00:00:00+00:00", **extra}  # fmt: skip
    marks = ", ".join("?" * len(columns))
    names = ", ".join(columns)
    database.execute(f"INSERT INTO verdicts ({names}) VALUES ({marks})", list(columns.values()))


def test_m002_keeps_verdicts_and_widens_origin(tmp_path):
    from sqlite_utils import Database

    old = Database(tmp_path / "old.db")
    old.execute("PRAGMA foreign_keys = ON")
    migrations.apply(old, stop_before="m002_desk")
    old.execute(
        'INSERT INTO claims (id, start, "end", text, kind, score, content_hash, created_at)'
        " VALUES (1, 0, 4, 'Text', 'other', 0.5, 'h', '2026-01-01')"
    )
    for label in ("true", "false", "mixed"):
        _verdict(old, 1, label)
    with pytest.raises(sqlite3.IntegrityError):
        _verdict(old, 1, "true", origin="bulk")
    before = list(old.query("SELECT * FROM verdicts ORDER BY id"))
    migrations.apply(old)
    after = list(old.query("SELECT * FROM verdicts ORDER BY id"))
    assert [{k: v for k, v in row.items() if k not in ("round", "demo")} for row in after] == before
    assert all(row["round"] is None for row in after)
    for origin in ("resolution", "bulk"):
        _verdict(old, 1, "true", origin=origin, round=None)
    _verdict(old, 1, "true", round=2)
    with pytest.raises(sqlite3.IntegrityError):
        _verdict(old, 1, "true", origin="guess")
    with pytest.raises(sqlite3.IntegrityError):
        _verdict(old, 1, "true", round=3)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        old.execute("UPDATE verdicts SET label = 'false' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        old.execute("DELETE FROM verdicts WHERE id = 1")
    indexes = {i.name for i in old.table("verdicts").indexes}
    assert {"verdicts_claim", "verdicts_created", "verdicts_round"} <= indexes
    assert list(old.query("PRAGMA foreign_key_check")) == []
    assert list(old.query("PRAGMA integrity_check")) == [{"integrity_check": "ok"}]


def test_assignments_are_unique_per_claim_and_round(database):
    database.execute(
        'INSERT INTO claims (id, start, "end", text, kind, score, content_hash, created_at)'
        " VALUES (1, 0, 4, 'Text', 'other', 0.5, 'h', '2026-01-01')"
    )
    insert = (
        "INSERT INTO assignments (claim_id, reviewer, round, assigned_at) VALUES (1, ?, ?, 'now')"
    )
    database.execute(insert, ["ana", 1])
    database.execute(insert, ["ben", 2])
    with pytest.raises(sqlite3.IntegrityError):
        database.execute(insert, ["chidi", 1])
    with pytest.raises(sqlite3.IntegrityError):
        database.execute(insert, ["chidi", 3])


@pytest.fixture
def db_target(db_path) -> str:
    """SQLite only: this module is about the app, files or SQLite itself (the store, workflow
    and CLI tests run on both backends)."""
    return str(db_path)
