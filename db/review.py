"""SQL of the review page and the dashboard: keyset queue, context, matches, counts."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlite_utils import Database

from db.base import (
    QUEUE_COLUMNS,
    QUEUE_DEFAULTS,
    decode_claim,
    now,
    queue_filters,
    write_transaction,
)

QueueKey = tuple[int, float, int]


def review_queue(
    database: Database,
    *,
    after: QueueKey | None = None,
    exclude: Sequence[int] = (),
    only: Sequence[int] | None = None,
    limit: int = 50,
    **filters: object,
) -> list[dict]:
    """Return up to `limit` queue claims (the filters of `claims_for_review`) in queue order,
    starting after the key (checkworthy, score, id) of `after`, skipping the `exclude` ids
    (and keeping only the `only` ids when given).

    Keyset paging: each page costs the same however deep it is (OFFSET would re-read every
    earlier row).
    """
    where, params = queue_filters(**{**QUEUE_DEFAULTS, **filters})
    if after is not None:
        checkworthy, score, claim_id = after
        where += (
            " AND (c.checkworthy < ? OR (c.checkworthy = ? AND (c.score < ?"
            " OR (c.score = ? AND c.id > ?))))"
        )
        params += [checkworthy, checkworthy, score, score, claim_id]
    if exclude:
        where += f" AND c.id NOT IN ({','.join('?' * len(exclude))})"
        params += list(exclude)
    if only is not None:
        where += f" AND c.id IN ({','.join('?' * len(only))})"
        params += list(only)
    sql = f"""
        SELECT {QUEUE_COLUMNS} FROM claims c LEFT JOIN documents d ON d.id = c.document_id
        WHERE {where} ORDER BY c.checkworthy DESC, c.score DESC, c.id LIMIT ?
    """
    return [decode_claim(r) for r in database.query(sql, [*params, limit])]


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


def document_titles(database: Database) -> list[dict]:
    """Return (id, title) of every document, newest first (for filters)."""
    return list(database.query("SELECT id, title FROM documents ORDER BY id DESC"))


def claim_context(database: Database, claim_id: int, window: int = 1500) -> dict | None:
    """Return up to `window` characters of the claim's document on each side of the claim as
    {"text", "offset"} (offset: where `text` starts in the document), or None for a claim
    that has no document (an imported one)."""
    rows = list(
        database.query(
            """
            SELECT substr(d.text, max(1, c.start - ? + 1), c."end" - max(0, c.start - ?) + ?)
                     AS text,
                   max(0, c.start - ?) AS offset
            FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = ?
            """,
            [window, window, window, window, claim_id],
        )
    )
    return rows[0] if rows else None


def claim_matches(database: Database, claim_id: int) -> list[dict]:
    """Return the claims matched with this one in either direction (one row per other claim,
    its best similarity) with text, document and current verdict label, most similar first."""
    return list(
        database.query(
            """
            SELECT m.other AS claim_id, max(m.similarity) AS similarity, m.level, m.numbers,
                   c.text, c.archive, c.external_id, c.review_url, c.document_id, c.version,
                   d.title AS document_title,
                   (SELECT label FROM verdicts v WHERE v.claim_id = c.id
                     ORDER BY v.id DESC LIMIT 1) AS verdict
            FROM (SELECT matched_claim_id AS other, similarity, level, numbers
                    FROM matches WHERE claim_id = ?
                  UNION ALL
                  SELECT claim_id AS other, similarity, level, numbers
                    FROM matches WHERE matched_claim_id = ?) m
            JOIN claims c ON c.id = m.other
            LEFT JOIN documents d ON d.id = c.document_id
            GROUP BY m.other ORDER BY similarity DESC, m.other
            """,
            [claim_id, claim_id],
        )
    )


def apply_verdict_to_matches(
    database: Database,
    claim_id: int,
    matched_ids: Sequence[int],
    verdict: dict,
) -> list[int]:
    """Append `verdict` (reviewer, label, rationale, sources, confidence) to each of
    `matched_ids` that is a "same" match of `claim_id` (either direction) and has no verdict
    yet, in one transaction; return the ids that received it."""
    ids = list(dict.fromkeys(matched_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    with write_transaction(database):
        eligible = [
            r["id"]
            for r in database.query(
                f"""
                SELECT c.id FROM claims c WHERE c.id IN ({marks})
                  AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id)
                  AND EXISTS (SELECT 1 FROM matches m WHERE m.level = 'same'
                      AND ((m.claim_id = ? AND m.matched_claim_id = c.id)
                        OR (m.matched_claim_id = ? AND m.claim_id = c.id)))
                ORDER BY c.id
                """,
                [*ids, claim_id, claim_id],
            )
        ]
        created = now()
        rows = [
            {
                "claim_id": other,
                "reviewer": verdict["reviewer"],
                "label": verdict["label"],
                "rationale": verdict.get("rationale") or "",
                "sources": json.dumps(list(verdict.get("sources") or [])),
                "confidence": verdict.get("confidence"),
                "created_at": created,
                "seconds_spent": None,
                "origin": "review",
            }
            for other in eligible
        ]
        if rows:
            database.table("verdicts").insert_all(rows)
            database.execute(
                "UPDATE claims SET version = version + 1, status = 'checked' "
                f"WHERE id IN ({','.join('?' * len(eligible))})",
                eligible,
            )
    return eligible


def _demo(include_demo: bool, alias: str = "") -> str:
    """Return the SQL condition that leaves demo rows out unless they are asked for."""
    return "1" if include_demo else f"{alias}demo = 0"


def status_counts(database: Database, include_demo: bool = False) -> list[dict]:
    """Return document claims counted by status and check-worthiness."""
    return list(
        database.query(
            f"""
            SELECT status, checkworthy, count(*) AS claims FROM claims
            WHERE document_id IS NOT NULL AND {_demo(include_demo)}
            GROUP BY status, checkworthy ORDER BY status, checkworthy
            """
        )
    )


def kind_counts(database: Database, include_demo: bool = False) -> list[dict]:
    """Return document claims counted by kind: all, check-worthy, checked."""
    return list(
        database.query(
            f"""
            SELECT kind, count(*) AS claims, sum(checkworthy) AS checkworthy,
                   sum(status = 'checked') AS checked
            FROM claims WHERE document_id IS NOT NULL AND {_demo(include_demo)}
            GROUP BY kind ORDER BY claims DESC
            """
        )
    )


def label_counts(database: Database, include_demo: bool = False) -> list[dict]:
    """Return claims counted by the label of their current verdict, and by its origin."""
    return list(
        database.query(
            f"""
            SELECT label, origin, count(*) AS claims FROM verdicts
            WHERE id IN (SELECT max(id) FROM verdicts GROUP BY claim_id) AND {_demo(include_demo)}
            GROUP BY label, origin ORDER BY claims DESC
            """
        )
    )


def document_summaries(database: Database, document_id: int | None = None) -> list[dict]:
    """Return per document (or the one given), newest first: id, title, published, claims,
    check-worthy claims and reviewed claims (those with a verdict), and whether it is demo."""
    where, args = ("WHERE d.id = ?", [document_id]) if document_id is not None else ("", [])
    return list(
        database.query(
            f"""
            SELECT d.id, d.title, d.published_at AS published, count(c.id) AS claims,
                   coalesce(sum(c.checkworthy), 0) AS checkworthy,
                   coalesce(sum(c.status = 'checked'), 0) AS reviewed, d.demo
            FROM documents d LEFT JOIN claims c ON c.document_id = d.id {where}
            GROUP BY d.id ORDER BY d.id DESC
            """,
            args,
        )
    )


def document_progress(database: Database, include_demo: bool = False) -> list[dict]:
    """Return per document: claims, check-worthy claims, and how many of each are checked."""
    return list(
        database.query(
            f"""
            SELECT d.id, d.title, d.ingested_at, count(c.id) AS claims,
                   coalesce(sum(c.checkworthy), 0) AS checkworthy,
                   coalesce(sum(c.status = 'checked'), 0) AS checked,
                   coalesce(sum(c.checkworthy AND c.status = 'checked'), 0) AS checkworthy_checked
            FROM documents d LEFT JOIN claims c ON c.document_id = d.id
            WHERE {_demo(include_demo, "d.")} GROUP BY d.id ORDER BY d.id DESC
            """
        )
    )


def reviewer_activity(database: Database, include_demo: bool = False) -> list[dict]:
    """Return per reviewer (review verdicts only): verdicts, median seconds per verdict (over
    the verdicts that recorded a time), and the time of the latest one."""
    return list(
        database.query(
            f"""
            WITH timed AS (
                SELECT reviewer, seconds_spent AS s,
                       row_number() OVER (PARTITION BY reviewer ORDER BY seconds_spent) AS rn,
                       count(*) OVER (PARTITION BY reviewer) AS n
                FROM verdicts WHERE origin = 'review' AND seconds_spent IS NOT NULL
                AND {_demo(include_demo)}),
            medians AS (
                SELECT reviewer, avg(s) AS median_seconds FROM timed
                WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY reviewer)
            SELECT v.reviewer, count(*) AS verdicts, m.median_seconds,
                   max(v.created_at) AS latest
            FROM verdicts v LEFT JOIN medians m ON m.reviewer = v.reviewer
            WHERE v.origin = 'review' AND {_demo(include_demo, "v.")}
            GROUP BY v.reviewer ORDER BY verdicts DESC, v.reviewer
            """
        )
    )


def verdicts_per_day(database: Database, include_demo: bool = False) -> list[dict]:
    """Return review verdicts counted per UTC day and reviewer, oldest first."""
    return list(
        database.query(
            f"""
            SELECT substr(created_at, 1, 10) AS day, reviewer, count(*) AS verdicts
            FROM verdicts WHERE origin = 'review' AND {_demo(include_demo)}
            GROUP BY day, reviewer ORDER BY day, reviewer
            """
        )
    )
