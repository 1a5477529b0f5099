"""SQL of the verdict reports: export rows with their filters, fast at 100k claims."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlite_utils import Database

from db.claims import quantities_for_claims
from db.connection import in_chunks, marks

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


def export_rows(
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
    limit: int | None = None,
) -> list[dict]:
    """Return one row per claim with its current verdict, in document and text order
    (imported claims last).

    Only claims with a verdict unless `include_all`, and no demo claim unless `include_demo`;
    the label, reviewer and date filters
    apply to the current verdict, so they leave out claims without one. Each row carries its
    document's fields, its `sentence` text, its `quantities` (text order), `sources` as a list
    and `earlier_verdicts` (how many verdicts came before the current one).
    """
    where, params = _export_filters(
        document_ids, labels, reviewers, since, until, hidden, include_demo
    )
    source = _EXPORT_FROM.format(join="LEFT JOIN" if include_all else "JOIN")
    order = (
        "c.document_id IS NULL, c.document_id, c.start, c.id"
        if limit
        else "c.document_id, c.start, c.id"
    )
    sql = f"SELECT {_EXPORT_COLUMNS} {source} WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = list(database.query(sql, params))
    # Imported claims (no document) sort first in the index order; a stable sort moves them.
    rows.sort(key=lambda r: r["document_id"] is None)
    documents = _export_documents(database, {r["document_id"] for r in rows} - {None})
    quantities = _export_quantities(database, source, where, params, rows, limit)
    # Few claims have more than one verdict: count those once instead of per row.
    repeated = {
        r["claim_id"]: r["n"]
        for r in database.query(
            "SELECT claim_id, count(*) AS n FROM verdicts GROUP BY claim_id HAVING count(*) > 1"
        )
    }
    for row in rows:
        row["earlier_verdicts"] = repeated.get(row["claim_id"], 1) - 1 if row["verdict"] else 0
        _complete_export_row(row, documents.get(row["document_id"]), quantities)
    return rows


def _complete_export_row(row: dict, document: dict | None, quantities: dict) -> None:
    start, end = row.pop("sentence_start"), row.pop("sentence_end")
    document = document or {}
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


def _export_documents(database: Database, document_ids: set[int]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for places, chunk in in_chunks(sorted(document_ids)):
        sql = (
            "SELECT id, title, author, source_url, published_at, text FROM documents "
            f"WHERE id IN ({places})"
        )
        out.update((r["id"], r) for r in database.query(sql, chunk))
    return out


def _export_quantities(
    database: Database, source: str, where: str, params: list, rows: list[dict], limit: int | None
) -> dict[int, list[dict]]:
    """Return the quantities of the exported claims, from one set-based query."""
    if limit is not None:  # a short preview: fetch by id
        return quantities_for_claims(database, [r["claim_id"] for r in rows])
    sql = f"""
        SELECT q.claim_id, q.text, q.value, q.unit, q.kind, q.qualifier, q.per
        FROM quantities q WHERE q.claim_id IN (SELECT c.id {source} WHERE {where})
        ORDER BY q.claim_id, q.start, q.id
    """
    out: dict[int, list[dict]] = {}
    for row in database.query(sql, params):
        out.setdefault(row["claim_id"], []).append(row)
    return out


def export_reviewers(database: Database) -> list[str]:
    """Return every reviewer name that has given a verdict, alphabetically."""
    rows = database.query("SELECT DISTINCT reviewer FROM verdicts ORDER BY reviewer")
    return [r["reviewer"] for r in rows]
