"""SQL of the dashboard: claims counted by status, kind and label, progress per document,
reviewer activity and verdicts per day."""

from __future__ import annotations

from sqlite_utils import Database


def status_counts(database: Database) -> list[dict]:
    """Return document claims counted by status and check-worthiness."""
    return list(
        database.query(
            """
            SELECT status, checkworthy, count(*) AS claims FROM claims
            WHERE document_id IS NOT NULL GROUP BY status, checkworthy ORDER BY status, checkworthy
            """
        )
    )


def kind_counts(database: Database) -> list[dict]:
    """Return document claims counted by kind: all, check-worthy, checked."""
    return list(
        database.query(
            """
            SELECT kind, count(*) AS claims, sum(checkworthy) AS checkworthy,
                   sum(status = 'checked') AS checked
            FROM claims WHERE document_id IS NOT NULL GROUP BY kind ORDER BY claims DESC
            """
        )
    )


def label_counts(database: Database) -> list[dict]:
    """Return claims counted by the label of their current verdict, and by its origin."""
    return list(
        database.query(
            """
            SELECT label, origin, count(*) AS claims FROM verdicts
            WHERE id IN (SELECT max(id) FROM verdicts GROUP BY claim_id)
            GROUP BY label, origin ORDER BY claims DESC
            """
        )
    )


def document_progress(database: Database) -> list[dict]:
    """Return per document: claims, check-worthy claims, and how many of each are checked."""
    return list(
        database.query(
            """
            SELECT d.id, d.title, d.ingested_at, count(c.id) AS claims,
                   coalesce(sum(c.checkworthy), 0) AS checkworthy,
                   coalesce(sum(c.status = 'checked'), 0) AS checked,
                   coalesce(sum(c.checkworthy AND c.status = 'checked'), 0) AS checkworthy_checked
            FROM documents d LEFT JOIN claims c ON c.document_id = d.id
            GROUP BY d.id ORDER BY d.id DESC
            """
        )
    )


def reviewer_activity(database: Database) -> list[dict]:
    """Return per reviewer (review verdicts only): verdicts, median seconds per verdict (over
    the verdicts that recorded a time), and the time of the latest one."""
    return list(
        database.query(
            """
            WITH timed AS (
                SELECT reviewer, seconds_spent AS s,
                       row_number() OVER (PARTITION BY reviewer ORDER BY seconds_spent) AS rn,
                       count(*) OVER (PARTITION BY reviewer) AS n
                FROM verdicts WHERE origin = 'review' AND seconds_spent IS NOT NULL),
            medians AS (
                SELECT reviewer, avg(s) AS median_seconds FROM timed
                WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY reviewer)
            SELECT v.reviewer, count(*) AS verdicts, m.median_seconds,
                   max(v.created_at) AS latest
            FROM verdicts v LEFT JOIN medians m ON m.reviewer = v.reviewer
            WHERE v.origin = 'review' GROUP BY v.reviewer ORDER BY verdicts DESC, v.reviewer
            """
        )
    )


def verdicts_per_day(database: Database) -> list[dict]:
    """Return review verdicts counted per UTC day and reviewer, oldest first."""
    return list(
        database.query(
            """
            SELECT substr(created_at, 1, 10) AS day, reviewer, count(*) AS verdicts
            FROM verdicts WHERE origin = 'review' GROUP BY day, reviewer ORDER BY day, reviewer
            """
        )
    )
