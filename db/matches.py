"""SQL of the matches table: store matches, the claims a new claim may match, and a claim's
matches in either direction with their current verdicts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from db.connection import execute_many, in_chunks


def add_matches(database: Database, matches: Sequence[dict]) -> None:
    """Store matches (claim_id, matched_claim_id, similarity, level, numbers); keeps existing."""
    execute_many(
        database,
        "INSERT OR IGNORE INTO matches (claim_id, matched_claim_id, similarity, level, numbers) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (m["claim_id"], m["matched_claim_id"], m["similarity"], m["level"], m["numbers"])
            for m in matches
        ],
    )


def matchable_claims(database: Database, claim_ids: Sequence[int]) -> set[int]:
    """Return the ids among `claim_ids` that a new claim may match: those with a verdict, and
    imported archive claims (an archive holds claims that were checked)."""
    kept: set[int] = set()
    for places, chunk in in_chunks(claim_ids):
        sql = (
            f"SELECT c.id FROM claims c WHERE c.id IN ({places}) AND (c.archive IS NOT NULL "
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
