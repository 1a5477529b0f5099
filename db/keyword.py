"""SQL of search: keyword candidates (FTS5 on SQLite, tsvector on PostgreSQL), the search
filters, and the rows results show."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from db.connection import backend, in_chunks
from db.sqlite import NO_FILTER

# BM25 is computed for every claim holding a query word; a word held by more claims than this
# (2% of 100,000) makes no claim a keyword candidate by itself while enough claims hold the
# query's rarer words (it still counts in their scores). 0: every word does.
COMMON_CLAIMS = 2_000


def search_filters(
    label: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    document_id: int | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[str, list]:
    """Return a WHERE fragment over claims `c` (and documents `d`) for the search filters."""
    where, params = [NO_FILTER], []
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
    database: Database, terms: Sequence[str], limit: int = 100, **filters: object
) -> list[tuple[int, float]]:
    """Return (claim id, keyword score, higher is better) of claims matching any of `terms`,
    best first: BM25 over FTS5 on SQLite, ts_rank over the tsvector on PostgreSQL."""
    where, params = search_filters(**filters)  # type: ignore[arg-type]
    found = backend(database).keyword_candidates
    return found(database, list(terms), where, params, limit, COMMON_CLAIMS)


def filter_claim_ids(database: Database, claim_ids: Sequence[int], **filters: object) -> set[int]:
    """Return the ids among `claim_ids` that pass the search filters."""
    where, params = search_filters(**filters)  # type: ignore[arg-type]
    kept: set[int] = set()
    for places, chunk in in_chunks(claim_ids):
        sql = (
            "SELECT c.id FROM claims c LEFT JOIN documents d ON d.id = c.document_id "
            f"WHERE c.id IN ({places}) AND {where}"
        )
        kept.update(r[0] for r in database.execute(sql, [*chunk, *params]))
    return kept


def search_rows(database: Database, claim_ids: Sequence[int]) -> dict[int, dict]:
    """Return, keyed by id, what a search result shows of each claim: text, ids, document,
    kind, archive, current verdict label."""
    out: dict[int, dict] = {}
    for places, chunk in in_chunks(claim_ids):
        sql = f"""
            SELECT c.id AS claim_id, c.external_id, c.text, c.document_id, c.kind, c.archive,
                   c.status, c.review_url, d.title AS document_title,
                   (SELECT v.label FROM verdicts v WHERE v.claim_id = c.id
                     ORDER BY v.id DESC LIMIT 1) AS verdict
            FROM claims c LEFT JOIN documents d ON d.id = c.document_id WHERE c.id IN ({places})
        """
        out.update((r["claim_id"], r) for r in database.query(sql, chunk))
    return out
