"""The PostgreSQL backend's own parts: placeholders, schema, triggers, vectors, HNSW search."""

from __future__ import annotations

import numpy as np
import pytest

from db import postgres, postgres_migrations


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = %s AND b = %s"),
        ("SELECT '?' || ? FROM t", "SELECT '?' || %s FROM t"),
        (
            "SELECT a FROM t WHERE a LIKE '%x' AND b = ?",
            "SELECT a FROM t WHERE a LIKE '%%x' AND b = %s",
        ),
        ('SELECT "what?" FROM t WHERE c = ?', 'SELECT "what?" FROM t WHERE c = %s'),
        ("SELECT 'it''s?' , ?", "SELECT 'it''s?' , %s"),
    ],
    ids=["plain", "quoted-mark", "percent", "identifier", "doubled-quote"],
)
def test_placeholders(sql, expected):
    assert postgres.to_psycopg(sql) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgresql://ann:secret@db.example:5432/desk",
            "postgresql://ann:***@db.example:5432/desk",
        ),
        ("postgresql://ann@db.example/desk", "postgresql://ann@db.example/desk"),
    ],
)
def test_redact_hides_password(url, expected):
    assert postgres.redact(url) == expected


def test_is_url():
    assert postgres.is_url("postgresql://x@y/z") and postgres.is_url("postgres://x@y/z")
    assert not postgres.is_url("data/claimdesk.db")


def test_schema_has_the_sqlite_tables(pg_url):
    database = postgres.open_database(pg_url)
    names = {r["table_name"] for r in database.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    )}  # fmt: skip
    database.close()
    expected = {"documents", "sentences", "claims", "quantities", "embeddings", "matches",
                "verdicts", "reviewers", "assignments", "settings",
                "_claimdesk_migrations"}  # fmt: skip
    assert names == expected


def test_migrate_twice_applies_nothing(pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert postgres_migrations.migrate(conn) == []
        applied = [r[0] for r in conn.execute("SELECT name FROM _claimdesk_migrations")]
    assert applied == [m.__name__ for m in postgres_migrations.migrations]


def _claim_with_verdict(database) -> None:
    database.execute("INSERT INTO documents (ingested_at, sha256, text) VALUES ('t', 'h', 'x')")
    database.execute(
        'INSERT INTO claims (document_id, start, "end", text, kind, score, content_hash, '
        "created_at) VALUES (1, 0, 1, 'Unemployment fell 5%', 'statistic', 1, 'h', 't')"
    )
    database.execute(
        "INSERT INTO verdicts (claim_id, reviewer, label, created_at) VALUES (1, 'a', 'true', 't')"
    )


@pytest.mark.parametrize("statement", ["UPDATE verdicts SET label = 'no'", "DELETE FROM verdicts"])
def test_verdicts_are_append_only(pg_url, statement):
    import psycopg

    database = postgres.open_database(pg_url)
    _claim_with_verdict(database)
    with pytest.raises(psycopg.IntegrityError, match="append-only"):
        database.execute(statement)
    assert next(database.query("SELECT count(*) AS n FROM verdicts"))["n"] == 1
    database.close()


def test_keyword_column_is_stemmed(pg_url):
    database = postgres.open_database(pg_url)
    _claim_with_verdict(database)
    found = database.execute(
        "SELECT id FROM claims WHERE text_search @@ websearch_to_tsquery('english', ?)",
        ["unemployed"],
    ).fetchall()
    database.close()
    assert found == [(1,)]


def test_vectors_round_trip_bit_for_bit_and_hnsw_finds_them(pg_url):
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((200, postgres_migrations.DIMENSION)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    database = postgres.open_database(pg_url)
    database.executemany(
        "INSERT INTO embeddings (model, content_hash, vector) VALUES (?, ?, ?)",
        [("m", f"h{i}", v) for i, v in enumerate(vectors)],
    )
    stored = database.execute("SELECT vector FROM embeddings WHERE content_hash = 'h7'")
    back = postgres.read_vector(stored.fetchone()[0])
    assert back.astype("<f4").tobytes() == vectors[7].astype("<f4").tobytes()
    found = postgres.nearest(database, "m", vectors[:3], 5)
    database.close()
    assert [pairs[0][0] for pairs in found] == ["h0", "h1", "h2"]
    exact = vectors[:3] @ vectors.T
    for row, pairs in enumerate(found):
        assert pairs[0][1] == pytest.approx(1.0, abs=1e-5)
        assert [s for _, s in pairs] == pytest.approx(np.sort(exact[row])[::-1][:5], abs=1e-5)


def test_unclosed_databases_go_back_to_the_pool(pg_url, monkeypatch):
    """A Streamlit page never closes its per-run database; the pool must not run dry."""
    import gc

    monkeypatch.setenv("CLAIMDESK_PG_POOL", "2")
    for _ in range(6):
        database = postgres.open_database(pg_url)
        assert next(database.query("SELECT 1 AS one"))["one"] == 1
        del database
        gc.collect()
