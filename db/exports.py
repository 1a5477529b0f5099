"""SQL of the verdict reports: export rows with their filters, fast at 100k claims."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from itertools import islice

from sqlite_utils import Database

from db.connection import backend, in_chunks, marks

# The current verdict of a claim is its latest row (verdicts_claim index seeks, in the order of
# the claims_document index, so no sort); document fields are joined in Python, once per document.
_EXPORT_FROM = """
    FROM claims c
    {join} verdicts v ON v.id = (SELECT max(x.id) FROM verdicts x WHERE x.claim_id = c.id)
    LEFT JOIN sentences s ON s.id = c.sentence_id
"""

_EXPORT_COLUMNS = """
    c.id AS claim_id, c.text AS claim, c.kind, c.score, c.checkworthy, c.claimant,
    c.document_id, c.archive, c.external_id, s.start AS sentence_start,
    s."end" AS sentence_end, v.label AS verdict, v.rationale, v.sources, v.reviewer,
    v.created_at AS reviewed_at
"""


def _export_filters(
    document_ids: Sequence[int],
    labels: Sequence[str],
    reviewers: Sequence[str],
    since: str | None,
    until: str | None,
    hidden: Sequence[int] = (),
    include_demo: bool = False,
) -> tuple[str, list]:
    # Demo claims stay out of reports unless asked for (DESIGN §6).
    where, params = ["1 = 1" if include_demo else "c.demo = 0"], []
    if hidden:  # claims under a reviewer's blind second review (DESIGN §7)
        where.append(f"c.id NOT IN ({marks(hidden)})")
        params.extend(hidden)
    for column, values in (("c.document_id", document_ids), ("v.label", labels),
                           ("v.reviewer", reviewers)):  # fmt: skip
        if values:
            where.append(f"{column} IN ({marks(values)})")
            params.extend(values)
    # Dates are compared on the YYYY-MM-DD prefix of the verdict time, both ends inclusive.
    if since:
        where.append("substr(v.created_at, 1, 10) >= ?")
        params.append(since)
    if until:
        where.append("substr(v.created_at, 1, 10) <= ?")
        params.append(until)
    return " AND ".join(where), params


BATCH = 1000  # rows completed per round trip (quantities, documents) while streaming


def export_rows(database: Database, *, limit: int | None = None, **filters) -> list[dict]:
    """Return the rows of `iter_export_rows` (which takes the `filters`) as a list, the first
    `limit` of them when given."""
    rows = iter_export_rows(database, **filters)
    try:
        return list(islice(rows, limit) if limit is not None else rows)
    finally:
        rows.close()


def iter_export_rows(
    database: Database,
    *,
    document_ids: Sequence[int] = (),
    labels: Sequence[str] = (),
    reviewers: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    hidden: Sequence[int] = (),
    include_all: bool = False,
    include_demo: bool = False,
) -> Iterator[dict]:
    """Yield one row per claim with its current verdict, in document and text order
    (imported claims last), read from a cursor in batches (on PostgreSQL a server-side one):
    memory does not grow with the number of claims (one document's fields and one batch at a
    time).

    Only claims with a verdict unless `include_all`, and no demo claim unless `include_demo`;
    the label, reviewer and date filters apply to the current verdict, so they leave out
    claims without one. Each row carries its document's fields, its `sentence` text, its
    `quantities` (text order), `sources` as a list and `earlier_verdicts` (how many verdicts
    came before the current one).
    """
    where, params = _export_filters(
        document_ids, labels, reviewers, since, until, hidden, include_demo
    )
    source = _EXPORT_FROM.format(join="LEFT JOIN" if include_all else "JOIN")
    document: dict = {}
    for imported in (False, True):  # document claims first, then imported ones
        sql = (
            f"SELECT {_EXPORT_COLUMNS}, (SELECT count(*) FROM verdicts x WHERE x.claim_id = c.id)"
            f" AS n_verdicts {source} WHERE {where} AND c.document_id IS "
            f"{'' if imported else 'NOT '}NULL ORDER BY c.document_id, c.start, c.id"
        )
        # Closed when the caller stops early: PostgreSQL's server-side cursor ends with it.
        with contextlib.closing(backend(database).stream(database, sql, params, BATCH)) as rows:
            while batch := list(islice(rows, BATCH)):
                quantities = _export_quantities(database, [r["claim_id"] for r in batch])
                for row in batch:
                    if row["document_id"] != document.get("id"):
                        document = _export_document(database, row["document_id"])
                    count = row.pop("n_verdicts")
                    row["earlier_verdicts"] = count - 1 if row["verdict"] else 0
                    _complete_export_row(row, document, quantities)
                    yield row


def _complete_export_row(row: dict, document: dict, quantities: dict) -> None:
    start, end = row.pop("sentence_start"), row.pop("sentence_end")
    text = document.get("text")
    row["sentence"] = text[start:end] if text is not None and start is not None else None
    row["document"] = document.get("title")
    row["document_author"] = document.get("author")
    row["source_url"] = document.get("source_url")
    row["published"] = document.get("published_at")
    row["checkworthy"] = bool(row["checkworthy"])
    sources = row["sources"]
    row["sources"] = json.loads(sources) if sources and sources != "[]" else []
    row["quantities"] = quantities.get(row["claim_id"], [])


def count_export_rows(database: Database, *, include_all: bool = False, **filters) -> int:
    """Return how many rows `export_rows` would return with these filters."""
    defaults = {"document_ids": (), "labels": (), "reviewers": (), "since": None, "until": None,
                "hidden": (), "include_demo": False}  # fmt: skip
    where, params = _export_filters(**{**defaults, **filters})
    source = _EXPORT_FROM.format(join="LEFT JOIN" if include_all else "JOIN")
    return next(database.query(f"SELECT count(*) AS n {source} WHERE {where}", params))["n"]


def _export_document(database: Database, document_id: int | None) -> dict:
    """Return the fields an export row takes from its document ({} for an imported claim)."""
    if document_id is None:
        return {}
    sql = "SELECT id, title, author, source_url, published_at, text FROM documents WHERE id = ?"
    return next(iter(database.query(sql, [document_id])), {})


def _export_quantities(database: Database, claim_ids: list[int]) -> dict[int, list[dict]]:
    """Return the quantities of a batch of exported claims, in text order."""
    out: dict[int, list[dict]] = {}
    for places, chunk in in_chunks(claim_ids):
        sql = f"""
            SELECT q.claim_id, q.text, q.value, q.unit, q.kind, q.qualifier, q.per
            FROM quantities q WHERE q.claim_id IN ({places}) ORDER BY q.claim_id, q.start, q.id
        """
        for row in database.query(sql, chunk):
            out.setdefault(row["claim_id"], []).append(row)
    return out


def export_reviewers(database: Database) -> list[str]:
    """Return every reviewer name that has given a verdict, alphabetically."""
    rows = database.query("SELECT DISTINCT reviewer FROM verdicts ORDER BY reviewer")
    return [r["reviewer"] for r in rows]
