"""SQL of the embeddings table: vectors keyed by model and content hash (stored as the backend
stores them: float32 BLOBs on SQLite, pgvector on PostgreSQL), claim vectors, nearest claims."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sqlite_utils import Database

from db.connection import backend, execute_many, in_chunks


def missing_embeddings(database: Database, model: str, hashes: Iterable[str]) -> set[str]:
    """Return the content hashes among `hashes` that have no embedding for `model`."""
    wanted = set(hashes)
    found: set[str] = set()
    for places, chunk in in_chunks(sorted(wanted)):
        sql = f"SELECT content_hash FROM embeddings WHERE model = ? AND content_hash IN ({places})"
        found.update(r["content_hash"] for r in database.query(sql, [model, *chunk]))
    return wanted - found


def put_embeddings(database: Database, model: str, vectors: dict[str, np.ndarray]) -> None:
    """Store vectors keyed by content hash for `model` (existing ones are kept)."""
    write = backend(database).write_vector
    execute_many(
        database,
        "INSERT INTO embeddings (model, content_hash, vector) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        [(model, h, write(v)) for h, v in vectors.items()],
    )


def get_embeddings(database: Database, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
    """Return the stored vectors of `model` for these content hashes."""
    out: dict[str, np.ndarray] = {}
    read = backend(database).read_vector
    for places, chunk in in_chunks(sorted(set(hashes))):
        sql = (
            "SELECT content_hash, vector FROM embeddings "
            f"WHERE model = ? AND content_hash IN ({places})"
        )
        for row in database.query(sql, [model, *chunk]):
            out[row["content_hash"]] = read(row["vector"])
    return out


def claim_vectors(database: Database, model: str, claim_ids: Sequence[int]) -> np.ndarray:
    """Return the `model` vectors of these claims in order (zero rows where one has none)."""
    read = backend(database).read_vector
    found: dict[int, np.ndarray] = {}
    for places, chunk in in_chunks(claim_ids):
        # LEFT JOIN keeps the claims as the outer loop on SQLite: with a plain JOIN its planner
        # may scan every embedding of the model instead (4 s for 580 claims among 27,000).
        sql = (
            "SELECT c.id, e.vector FROM claims c LEFT JOIN embeddings e "
            f"ON e.model = ? AND e.content_hash = c.content_hash WHERE c.id IN ({places})"
        )
        rows = database.execute(sql, [model, *chunk]).fetchall()
        found.update((i, read(v)) for i, v in rows if v is not None)
    width = len(next(iter(found.values()))) if found else 0
    out = np.zeros((len(claim_ids), width), dtype=np.float32)
    for row, claim_id in enumerate(claim_ids):
        if claim_id in found:
            out[row] = found[claim_id]
    return out


def claim_vectors_above(
    database: Database, model: str, high_water: int, limit: int = 50_000
) -> tuple[np.ndarray, np.ndarray]:
    """Return (ids, unit vectors) of up to `limit` claims above `high_water` with an embedding
    for `model`, ascending by id: what the in-process index loads (SQLite only)."""
    return backend(database).claim_vectors_above(database, model, high_water, limit)


def nearest_claims(
    database: Database, model: str, queries: np.ndarray, k: int
) -> list[list[tuple[int, float]]]:
    """Return, per query vector, up to `k` (claim id, cosine) pairs from the database's own
    vector index, most similar first (PostgreSQL's HNSW: where `indexes_vectors`)."""
    return backend(database).nearest_claims(database, model, queries, k)


def rerank_rows(database: Database, model: str, claim_ids: Sequence[int]) -> dict[int, dict]:
    """Return, keyed by id, the text, title and title vector (`model`; None without a title)
    of these claims: what the re-ranker reads besides their figures."""
    read = backend(database).read_vector
    out: dict[int, dict] = {}
    for places, chunk in in_chunks(claim_ids):
        sql = (
            "SELECT c.id, c.text, c.title, e.vector FROM claims c LEFT JOIN embeddings e "
            f"ON e.model = ? AND e.content_hash = c.title_hash WHERE c.id IN ({places})"
        )
        for claim_id, text, title, stored in database.execute(sql, [model, *chunk]).fetchall():
            vector = read(stored) if stored is not None else None
            out[claim_id] = {"text": text, "title": title, "title_vector": vector}
    return out
