"""SQL of the claims and quantities tables: add and read claims, their context in the document,
archive rows already present, and the review queue (keyset pages and counts)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from checks.errors import UnknownClaim
from db.connection import in_chunks, insert_many, insert_rows, marks, now

QueueKey = tuple[int, float, int]
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
_QUEUE_COLUMNS = """
    c.id, c.document_id, c.start, c."end", c.text, c.kind, c.score, c.checkworthy,
    c.reasons, c.claimant, c.status, c.archive, c.external_id, c.version, c.created_at,
    d.title AS document_title
"""


def insert_claims(database: Database, claims: Sequence[dict]) -> list[int]:
    """Insert claims (each with a `quantities` list) and return their ids, in order."""
    created = now()
    rows = []
    for claim in claims:
        row = {k: v for k, v in claim.items() if k not in ("quantities", "sentence")}
        row["reasons"] = json.dumps(list(row.get("reasons", [])))
        row["checkworthy"] = int(bool(row.get("checkworthy", False)))
        row.setdefault("created_at", created)
        rows.append(row)
    ids = insert_rows(database, "claims", rows)
    quantities = [
        {**q, "claim_id": claim_id}
        for claim_id, claim in zip(ids, claims, strict=True)
        for q in claim.get("quantities", [])
    ]
    insert_many(database, "quantities", quantities)
    return ids


def decode_claim(row: dict) -> dict:
    """Return a claim row with `reasons` as a list and `checkworthy` as a bool."""
    row = dict(row)
    if isinstance(row.get("reasons"), str):
        row["reasons"] = json.loads(row["reasons"])
    if "checkworthy" in row:
        row["checkworthy"] = bool(row["checkworthy"])
    return row


def get_claim(database: Database, claim_id: int) -> dict:
    """Return a claim with its document's title and URL; raises UnknownClaim."""
    rows = list(
        database.query(
            """
            SELECT c.*, d.title AS document_title, d.source_url, d.published_at,
                   d.author AS document_author
            FROM claims c LEFT JOIN documents d ON d.id = c.document_id WHERE c.id = ?
            """,
            [claim_id],
        )
    )
    if not rows:
        raise UnknownClaim(f"claim {claim_id}: no such claim")
    return decode_claim(rows[0])


def claim_quantities(database: Database, claim_id: int) -> list[dict]:
    """Return a claim's quantities in text order."""
    return list(
        database.query("SELECT * FROM quantities WHERE claim_id = ? ORDER BY start, id", [claim_id])
    )


def quantities_for_claims(database: Database, claim_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Return the quantities of many claims, keyed by claim id."""
    ids = list(claim_ids)
    out: dict[int, list[dict]] = {i: [] for i in ids}
    for places, chunk in in_chunks(ids):
        sql = f"SELECT * FROM quantities WHERE claim_id IN ({places}) ORDER BY claim_id, start"
        for row in database.query(sql, chunk):
            out[row["claim_id"]].append(row)
    return out


def document_claim_texts(database: Database, document_id: int) -> list[dict]:
    """Return a document's claims as (id, text, content_hash) rows, in text order."""
    return list(
        database.query(
            "SELECT id, text, content_hash FROM claims WHERE document_id = ? ORDER BY start",
            [document_id],
        )
    )


def first_claim_containing(database: Database, fragment: str) -> int | None:
    """Return the id of the first document claim whose text contains `fragment`, or None."""
    rows = list(
        database.query(
            "SELECT id FROM claims WHERE instr(text, ?) > 0 AND document_id IS NOT NULL "
            "ORDER BY id LIMIT 1",
            [fragment],
        )
    )
    return rows[0]["id"] if rows else None


def claim_context(database: Database, claim_id: int, window: int = 1500) -> dict | None:
    """Return up to `window` characters of the claim's document on each side of the claim as
    {"text", "offset"} (offset: where `text` starts in the document), or None for a claim
    that has no document (an imported one)."""
    rows = list(
        database.query(
            """
            SELECT substr(d.text, o.head + 1, c."end" - o.head + ?) AS text,
                   o.head AS "offset"
            FROM claims c JOIN documents d ON d.id = c.document_id,
                 (SELECT CASE WHEN start > ? THEN start - ? ELSE 0 END AS head
                    FROM claims WHERE id = ?) o
            WHERE c.id = ?
            """,
            [window, window, window, claim_id, claim_id],
        )
    )
    return rows[0] if rows else None


def known_archive_rows(
    database: Database, archive: str, external_ids: Iterable[str], hashes: Iterable[str]
) -> tuple[dict[str, str], set[str]]:
    """Return the external ids the archive already holds (with their claims' content
    hashes), and which content hashes of rows without an id it holds: an interrupted import
    resumes past them, and an id holding another claim is a clash."""
    ids: dict[str, str] = {}
    for places, chunk in in_chunks(sorted(set(external_ids))):
        sql = (
            "SELECT external_id, content_hash FROM claims "
            f"WHERE archive = ? AND external_id IN ({places})"
        )
        ids.update((r[0], r[1]) for r in database.execute(sql, [archive, *chunk]))
    found: set[str] = set()
    for places, chunk in in_chunks(sorted(set(hashes))):
        sql = f"SELECT content_hash FROM claims WHERE archive = ? AND content_hash IN ({places})"
        found.update(r[0] for r in database.execute(sql, [archive, *chunk]))
    return ids, found


# The review queue ----------------------------------------------------------------------------


def _queue_filters(
    document_id: int | None,
    status: str | None,
    kind: str | None,
    min_score: float | None,
    checkworthy_only: bool,
    has_quantities: bool | None,
    has_matches: bool | None,
) -> tuple[str, list]:
    where, params = ["c.document_id IS NOT NULL"], []
    for column, value in (("c.document_id", document_id), ("c.status", status or None),
                          ("c.kind", kind or None)):  # fmt: skip
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
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


def review_queue(
    database: Database,
    *,
    after: QueueKey | None = None,
    exclude: Sequence[int] = (),
    only: Sequence[int] | None = None,
    limit: int = 50,
    **filters: object,
) -> list[dict]:
    """Return up to `limit` queue claims (filters: the keys of QUEUE_DEFAULTS) in queue order,
    starting after the key (checkworthy, score, id) of `after`, skipping the `exclude` ids
    (and keeping only the `only` ids when given).

    Keyset paging: each page costs the same however deep it is (OFFSET would re-read every
    earlier row).
    """
    where, params = _queue_filters(**{**QUEUE_DEFAULTS, **filters})
    if after is not None:
        checkworthy, score, claim_id = after
        where += (
            " AND (c.checkworthy < ? OR (c.checkworthy = ? AND (c.score < ?"
            " OR (c.score = ? AND c.id > ?))))"
        )
        params += [checkworthy, checkworthy, score, score, claim_id]
    if exclude:
        where += f" AND c.id NOT IN ({marks(exclude)})"
        params += list(exclude)
    if only is not None:
        if not only:
            return []  # (PostgreSQL refuses an empty `IN ()`)
        where += f" AND c.id IN ({marks(only)})"
        params += list(only)
    sql = f"""
        SELECT {_QUEUE_COLUMNS} FROM claims c LEFT JOIN documents d ON d.id = c.document_id
        WHERE {where} ORDER BY c.checkworthy DESC, c.score DESC, c.id LIMIT ?
    """
    return [decode_claim(r) for r in database.query(sql, [*params, limit])]


def count_claims_for_review(database: Database, **filters: object) -> int:
    """Return how many claims the review queue holds with these filters."""
    where, params = _queue_filters(**{**QUEUE_DEFAULTS, **filters})
    sql = f"SELECT count(*) AS n FROM claims c WHERE {where}"
    return next(database.query(sql, params))["n"]


def queue_key(claim: dict) -> QueueKey:
    """Return the queue-order key of a claim row (for `review_queue(after=...)`)."""
    return (int(bool(claim["checkworthy"])), float(claim["score"]), int(claim["id"]))


def queue_marker(database: Database) -> tuple[int, int, int]:
    """Return (highest claim id, highest verdict id, claims): it changes whenever a queue count
    can (claims are added, or removed with the demo; a status only changes with a verdict)."""
    row = next(
        database.query(
            "SELECT (SELECT coalesce(max(id), 0) FROM claims) AS claims, "
            "(SELECT coalesce(max(id), 0) FROM verdicts) AS verdicts, "
            "(SELECT count(*) FROM claims) AS count"
        )
    )
    return row["claims"], row["verdicts"], row["count"]
