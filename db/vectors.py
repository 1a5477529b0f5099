"""SQL of the embeddings table: vectors as little-endian float32 BLOBs keyed by model and
content hash, and the claim vectors the in-process index loads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sqlite_utils import Database

from db.connection import execute_many, in_chunks


def vector_to_blob(vector: np.ndarray) -> bytes:
    """Return a vector as a little-endian float32 BLOB."""
    return np.asarray(vector, dtype="<f4").tobytes()


def blob_to_vector(blob: bytes) -> np.ndarray:
    """Return the float32 vector stored in a BLOB."""
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


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
    execute_many(
        database,
        "INSERT OR IGNORE INTO embeddings (model, content_hash, vector) VALUES (?, ?, ?)",
        [(model, h, vector_to_blob(v)) for h, v in vectors.items()],
    )


def get_embeddings(database: Database, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
    """Return the stored vectors of `model` for these content hashes."""
    out: dict[str, np.ndarray] = {}
    for places, chunk in in_chunks(sorted(set(hashes))):
        sql = (
            "SELECT content_hash, vector FROM embeddings "
            f"WHERE model = ? AND content_hash IN ({places})"
        )
        for row in database.query(sql, [model, *chunk]):
            out[row["content_hash"]] = blob_to_vector(row["vector"])
    return out


def claim_vectors_above(
    database: Database, model: str, high_water: int, limit: int = 50_000
) -> tuple[np.ndarray, np.ndarray]:
    """Return (ids, unit vectors) of up to `limit` claims above `high_water` with an embedding
    for `model`, ascending by id (the vector index loads itself with this)."""
    # CROSS JOIN keeps claims as the outer loop: walk ids upwards, look each vector up by key
    # (left to itself, SQLite scans every vector of the model and sorts them, per chunk).
    rows = database.execute(
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
    found: dict[int, bytes] = {}
    for places, chunk in in_chunks(claim_ids):
        sql = (
            "SELECT c.id, e.vector FROM claims c CROSS JOIN embeddings e "
            f"ON e.model = ? AND e.content_hash = c.content_hash WHERE c.id IN ({places})"
        )
        found.update(database.execute(sql, [model, *chunk]).fetchall())
    width = len(next(iter(found.values()))) // 4 if found else 0
    out = np.zeros((len(claim_ids), width), dtype=np.float32)
    for row, claim_id in enumerate(claim_ids):
        if claim_id in found:
            out[row] = np.frombuffer(found[claim_id], dtype="<f4")
    return out


def rerank_rows(database: Database, model: str, claim_ids: Sequence[int]) -> dict[int, dict]:
    """Return, keyed by id, the text, title and title vector (`model`; None without a title)
    of these claims: what the re-ranker reads besides their figures."""
    out: dict[int, dict] = {}
    for places, chunk in in_chunks(claim_ids):
        sql = (
            "SELECT c.id, c.text, c.title, e.vector FROM claims c LEFT JOIN embeddings e "
            f"ON e.model = ? AND e.content_hash = c.title_hash WHERE c.id IN ({places})"
        )
        for claim_id, text, title, blob in database.execute(sql, [model, *chunk]).fetchall():
            vector = blob_to_vector(blob) if blob is not None else None
            out[claim_id] = {"text": text, "title": title, "title_vector": vector}
    return out
