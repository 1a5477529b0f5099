"""Shared pieces of the db modules: time, transactions, vector blobs, queue filters."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime

import numpy as np
from sqlite_utils import Database

from db import connection

BUSY_TIMEOUT_MS = 15_000
# The review queue's filters and their defaults: new, check-worthy claims of any document.
QUEUE_DEFAULTS: dict[str, object] = {
    "document_id": None,
    "status": "new",
    "kind": None,
    "min_score": None,
    "checkworthy_only": True,
    "has_quantities": None,
    "has_matches": None,
}


def now() -> str:
    """Return the current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_transaction(database: Database):
    """Run the block in one transaction: all of it is written, or none."""
    return connection.write_transaction(database)


def vector_to_blob(vector: np.ndarray) -> bytes:
    """Return a vector as a little-endian float32 BLOB."""
    return np.asarray(vector, dtype="<f4").tobytes()


def blob_to_vector(blob: bytes) -> np.ndarray:
    """Return the float32 vector stored in a BLOB."""
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


QUEUE_COLUMNS = """
    c.id, c.document_id, c.start, c."end", c.text, c.kind, c.score, c.checkworthy,
    c.reasons, c.claimant, c.status, c.archive, c.external_id, c.version, c.created_at,
    d.title AS document_title
"""


def queue_filters(
    document_id: int | None,
    status: str | None,
    kind: str | None,
    min_score: float | None,
    checkworthy_only: bool,
    has_quantities: bool | None,
    has_matches: bool | None,
) -> tuple[str, list]:
    where, params = ["c.document_id IS NOT NULL"], []
    if document_id is not None:
        where.append("c.document_id = ?")
        params.append(document_id)
    if status:
        where.append("c.status = ?")
        params.append(status)
    if kind:
        where.append("c.kind = ?")
        params.append(kind)
    if min_score is not None:
        where.append("c.score >= ?")
        params.append(min_score)
    if checkworthy_only:
        where.append("c.checkworthy = 1")
    if has_quantities is not None:
        neg = "" if has_quantities else "NOT "
        where.append(f"{neg}EXISTS (SELECT 1 FROM quantities q WHERE q.claim_id = c.id)")
    if has_matches is not None:
        neg = "" if has_matches else "NOT "
        where.append(f"{neg}EXISTS (SELECT 1 FROM matches m WHERE m.claim_id = c.id)")
    return " AND ".join(where), params


def decode_claim(row: dict) -> dict:
    row = dict(row)
    if isinstance(row.get("reasons"), str):
        row["reasons"] = json.loads(row["reasons"])
    if "checkworthy" in row:
        row["checkworthy"] = bool(row["checkworthy"])
    return row


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for begin in range(0, len(items), size):
        yield items[begin : begin + size]


def quantities_for_claims(database: Database, claim_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Return the quantities of many claims, keyed by claim id."""
    ids = list(claim_ids)
    out: dict[int, list[dict]] = {i: [] for i in ids}
    for chunk in chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT * FROM quantities WHERE claim_id IN ({marks}) ORDER BY claim_id, start"
        for row in database.query(sql, chunk):
            out[row["claim_id"]].append(row)
    return out


# Verdicts ----------------------------------------------------------------------------------
