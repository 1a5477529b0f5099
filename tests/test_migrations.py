"""The schema: an empty database migrates to every table, index, trigger and pragma."""

import sqlite3

import pytest

from db import store
from db.migrations import migrations

TABLES = {
    "documents": {"id", "title", "source_url", "author", "published_at", "ingested_at",
                  "sha256", "text", "original_name", "demo"},
    "sentences": {"id", "document_id", "idx", "start", "end"},
    "claims": {"id", "document_id", "sentence_id", "start", "end", "text", "kind", "score",
               "checkworthy", "reasons", "claimant", "status", "archive", "external_id",
               "review_url", "content_hash", "created_at", "version", "demo"},
    "quantities": {"id", "claim_id", "start", "end", "text", "value", "unit", "kind",
                   "qualifier", "per"},
    "embeddings": {"model", "content_hash", "vector"},
    "matches": {"claim_id", "matched_claim_id", "similarity", "level", "numbers"},
    "settings": {"key", "value"},
    "verdicts": {"id", "claim_id", "reviewer", "label", "rationale", "sources", "confidence",
                 "created_at", "seconds_spent", "origin", "original_rating", "demo"},
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
    first = store.open_database(db_path)
    schema = first.schema
    first.close()
    second = store.open_database(db_path)
    assert second.schema == schema
    assert migrations.pending(second) == []
    assert len(migrations.applied(second)) == len(migrations._migrations)


def test_foreign_keys_enforced(database):
    with pytest.raises(sqlite3.IntegrityError):
        database.execute(
            'INSERT INTO sentences (document_id, idx, start, "end") VALUES (999, 0, 0, 1)'
        )
