"""SQL of search and import: vectors above a high-water mark, FTS5 candidates, archive rows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import numpy as np
from sqlite_utils import Database

from db import connection
from db.base import chunks


def claim_vectors_above(
    database: Database, model: str, high_water: int, limit: int = 50_000
) -> tuple[np.ndarray, np.ndarray]:
    """Return (ids, unit vectors) of up to `limit` claims above `high_water` with an embedding
    for `model`, ascending by id (the vector index loads itself with this)."""
    # CROSS JOIN keeps claims as the outer loop: walk ids upwards, look each vector up by key
    # (left to itself, SQLite scans every vector of the model and sorts them, per chunk).
    rows = database.conn.execute(
        "SELECT c.id, e.vector FROM claims c CROSS JOIN embeddings e "
        "ON e.model = ? AND e.content_hash = c.content_hash "
        "WHERE c.id > ? ORDER BY c.id LIMIT ?",
        [model, high_water, limit],
    ).fetchall()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)
    return ids, matrix.astype(np.float32)


def claim_vectors(database: Database, model: str, claim_ids: Sequence[int]) -> np.ndarray:
    """Return the `model` vectors of these claims in order (zero rows where one has none)."""
    read = connection.backend(database).read_vector
    found: dict[int, np.ndarray] = {}
    for chunk in chunks(list(claim_ids), 500):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT c.id, e.vector FROM claims c JOIN embeddings e "
            f"ON e.model = ? AND e.content_hash = c.content_hash WHERE c.id IN ({marks})"
        )
        found.update((i, read(v)) for i, v in database.execute(sql, [model, *chunk]).fetchall())
    width = len(next(iter(found.values()))) if found else 0
    out = np.zeros((len(claim_ids), width), dtype=np.float32)
    for row, claim_id in enumerate(claim_ids):
        if claim_id in found:
            out[row] = found[claim_id]
    return out


def nearest_claims(
    database: Database, model: str, queries: np.ndarray, k: int
) -> list[list[tuple[int, float]]]:
    """Return, per query vector, up to `k` (claim id, cosine) pairs from the database's own
    vector index, most similar first (only where `connection.indexes_vectors`)."""
    return connection.backend(database).nearest_claims(database, model, queries, k)


def _search_filters(
    label: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    document_id: int | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[str, list]:
    """Return a WHERE fragment over claims `c` (and documents `d`) for the search filters."""
    where, params = ["1 = 1"], []
    for column, value in (("c.status", status), ("c.kind", kind), ("c.document_id", document_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if label is not None:
        where.append(
            "(SELECT v.label FROM verdicts v WHERE v.claim_id = c.id "
            "ORDER BY v.id DESC LIMIT 1) = ?"
        )
        params.append(label)
    # A claim's date: its document's publication date, else when it was added.
    day = "substr(coalesce(d.published_at, c.created_at), 1, 10)"
    if since:
        where.append(f"{day} >= ?")
        params.append(since[:10])
    if until:
        where.append(f"{day} <= ?")
        params.append(until[:10])
    return " AND ".join(where), params


def keyword_candidates(
    database: Database, terms: list[str], limit: int = 100, **filters: object
) -> list[tuple[int, float]]:
    """Return (claim id, keyword score, higher is better) of claims matching any of `terms`
    (BM25 over FTS5 on SQLite, ts_rank over the tsvector on PostgreSQL), best first."""
    where, params = _search_filters(**filters)  # type: ignore[arg-type]
    return connection.backend(database).keyword_candidates(database, terms, where, params, limit)


def filter_claim_ids(database: Database, claim_ids: Sequence[int], **filters: object) -> set[int]:
    """Return the ids among `claim_ids` that pass the search filters."""
    where, params = _search_filters(**filters)  # type: ignore[arg-type]
    kept: set[int] = set()
    for chunk in chunks(list(claim_ids), 500):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT c.id FROM claims c LEFT JOIN documents d ON d.id = c.document_id "
            f"WHERE c.id IN ({marks}) AND {where}"
        )
        kept.update(r[0] for r in database.execute(sql, [*chunk, *params]))
    return kept


def search_rows(database: Database, claim_ids: Sequence[int]) -> dict[int, dict]:
    """Return, keyed by id, what a search result shows of each claim: text, ids, document,
    kind, archive, current verdict label."""
    out: dict[int, dict] = {}
    for chunk in chunks(list(claim_ids), 500):
        marks = ",".join("?" * len(chunk))
        sql = f"""
            SELECT c.id AS claim_id, c.external_id, c.text, c.document_id, c.kind, c.archive,
                   c.status, c.review_url, d.title AS document_title,
                   (SELECT v.label FROM verdicts v WHERE v.claim_id = c.id
                     ORDER BY v.id DESC LIMIT 1) AS verdict
            FROM claims c LEFT JOIN documents d ON d.id = c.document_id WHERE c.id IN ({marks})
        """
        out.update((r["claim_id"], r) for r in database.query(sql, chunk))
    return out


def matchable_claims(database: Database, claim_ids: Sequence[int]) -> set[int]:
    """Return the ids among `claim_ids` that a new claim may match: those with a verdict, and
    imported archive claims (an archive holds claims that were checked)."""
    kept: set[int] = set()
    for chunk in chunks(list(claim_ids), 500):
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT c.id FROM claims c WHERE c.id IN ({marks}) AND (c.archive IS NOT NULL "
            "OR EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id))"
        )
        kept.update(r[0] for r in database.execute(sql, chunk))
    return kept


def has_matchable_claims(database: Database) -> bool:
    """Return whether any claim could be matched: one with a verdict, or an archive claim."""
    sql = (
        "SELECT EXISTS (SELECT 1 FROM verdicts) "
        "OR EXISTS (SELECT 1 FROM claims WHERE archive IS NOT NULL)"
    )
    return bool(database.execute(sql).fetchone()[0])


def claims_without_matches(database: Database, document_id: int) -> list[dict]:
    """Return a document's claims (id, text, content_hash) that have no stored match."""
    return list(
        database.query(
            "SELECT c.id, c.text, c.content_hash FROM claims c WHERE c.document_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.claim_id = c.id) ORDER BY c.start",
            [document_id],
        )
    )


def known_archive_rows(
    database: Database, archive: str, external_ids: Iterable[str], hashes: Iterable[str]
) -> tuple[set[str], set[str]]:
    """Return which external ids, and which content hashes (of rows without an id), the
    archive already holds: an interrupted import resumes past them."""
    ids: set[str] = set()
    for chunk in chunks(sorted(set(external_ids)), 500):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT external_id FROM claims WHERE archive = ? AND external_id IN ({marks})"
        ids.update(r[0] for r in database.execute(sql, [archive, *chunk]))
    found: set[str] = set()
    for chunk in chunks(sorted(set(hashes)), 500):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT content_hash FROM claims WHERE archive = ? AND content_hash IN ({marks})"
        found.update(r[0] for r in database.execute(sql, [archive, *chunk]))
    return ids, found


def add_imported_verdicts(database: Database, verdicts: Sequence[dict]) -> None:
    """Append imported verdicts (origin 'import') and mark their claims checked; runs inside
    the caller's transaction."""
    for verdict in verdicts:
        row = {"origin": "import", "rationale": "", **verdict}
        row["sources"] = json.dumps(list(row.get("sources") or []))
        connection.insert(database, "verdicts", row)
        database.execute(
            "UPDATE claims SET version = version + 1, status = 'checked' WHERE id = ?",
            [verdict["claim_id"]],
        )


def database_file(database: Database) -> str:
    """Return the path of the database's main file, or its URL."""
    return connection.name(database)
