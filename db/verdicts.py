"""SQL of the verdicts table (append-only): record a verdict with the claim's version check,
imported and bulk verdicts, the current verdict and the history."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlite_utils import Database

from checks.errors import StaleClaim, UnknownClaim
from db.connection import insert, insert_many, marks, now, write_transaction

_CHECKED = "UPDATE claims SET version = version + 1, status = 'checked' WHERE id IN ({})"


def record_verdict(
    database: Database,
    claim_id: int,
    *,
    reviewer: str,
    label: str,
    rationale: str = "",
    sources: Sequence[str] = (),
    confidence: float | None = None,
    seconds_spent: float | None = None,
    expected_version: int | None = None,
    origin: str = "review",
    original_rating: str | None = None,
    created_at: str | None = None,
    round_: int | None = None,
) -> dict:
    """Append a verdict row and bump the claim's version, in one transaction; a round verdict
    also marks the reviewer's assignment for that round done.

    Returns the new verdict with the claim's new `version`. Raises UnknownClaim, and
    StaleClaim (carrying the current verdict) when `expected_version` is not the claim's.
    """
    with write_transaction(database):
        # Bump the version first: the UPDATE locks the claim's row (PostgreSQL) or the database
        # (SQLite), so concurrent saves of one claim queue here and each sees the one before.
        database.execute(_CHECKED.format("?"), [claim_id])
        rows = list(database.query("SELECT version, demo FROM claims WHERE id = ?", [claim_id]))
        if not rows:
            raise UnknownClaim(f"claim {claim_id}: no such claim")
        version = rows[0]["version"] - 1
        if expected_version is not None and version != expected_version:
            raise StaleClaim(
                f"claim {claim_id}: it has a newer verdict (version {version}, "
                f"you opened version {expected_version})",
                current=current_verdict(database, claim_id),
            )
        verdict = {
            "claim_id": claim_id,
            "reviewer": reviewer,
            "label": label,
            "rationale": rationale or "",
            "sources": json.dumps(list(sources)),
            "confidence": confidence,
            "created_at": created_at or now(),
            "seconds_spent": seconds_spent,
            "origin": origin,
            "original_rating": original_rating,
            "round": round_,
        }
        # A verdict on a demo claim is demo too: it goes when the demo is removed.
        verdict_id = insert(database, "verdicts", {**verdict, "demo": rows[0]["demo"]})
        if round_ is not None:
            database.execute(
                "UPDATE assignments SET done_at = ? WHERE claim_id = ? AND round = ?"
                " AND reviewer = ? AND done_at IS NULL",
                [verdict["created_at"], claim_id, round_, reviewer],
            )
    return {**verdict, "id": verdict_id, "sources": list(sources), "version": version + 1}


def _decode_verdict(row: dict) -> dict:
    return {**row, "sources": json.loads(row["sources"] or "[]")}


def current_verdict(database: Database, claim_id: int) -> dict | None:
    """Return the latest verdict of a claim, or None."""
    rows = list(
        database.query(
            "SELECT * FROM verdicts WHERE claim_id = ? ORDER BY id DESC LIMIT 1", [claim_id]
        )
    )
    return _decode_verdict(rows[0]) if rows else None


def verdict_history(database: Database, claim_id: int) -> list[dict]:
    """Return every verdict of a claim, newest first."""
    rows = database.query("SELECT * FROM verdicts WHERE claim_id = ? ORDER BY id DESC", [claim_id])
    return [_decode_verdict(r) for r in rows]


def add_imported_verdicts(database: Database, verdicts: Sequence[dict]) -> None:
    """Append imported verdicts (origin 'import') and mark their claims checked; runs inside
    the caller's transaction."""
    for verdict in verdicts:
        row = {"origin": "import", "rationale": "", **verdict}
        row["sources"] = json.dumps(list(row.get("sources") or []))
        insert(database, "verdicts", row)
        database.execute(_CHECKED.format("?"), [verdict["claim_id"]])


def apply_verdict_to_matches(
    database: Database,
    claim_id: int,
    matched_ids: Sequence[int],
    verdict: dict,
) -> list[int]:
    """Append `verdict` (reviewer, label, rationale, sources, confidence) as origin `bulk` to
    each of `matched_ids` that is a "same" match of `claim_id` (either direction) whose numbers
    do not differ and that has no verdict yet, in one transaction; return the ids that
    received it (DESIGN §7)."""
    ids = list(dict.fromkeys(matched_ids))
    if not ids:
        return []
    with write_transaction(database):
        eligible = [
            r["id"]
            for r in database.query(
                f"""
                SELECT c.id FROM claims c WHERE c.id IN ({marks(ids)})
                  AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id)
                  AND EXISTS (SELECT 1 FROM matches m WHERE m.level = 'same'
                      AND m.numbers <> 'differ'
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
                "origin": "bulk",
            }
            for other in eligible
        ]
        if rows:
            insert_many(database, "verdicts", rows)
            database.execute(_CHECKED.format(marks(eligible)), eligible)
    return eligible
