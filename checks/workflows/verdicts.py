"""Giving verdicts: validate and append a reviewer's verdict, and apply a claim's verdict to
its same-claim matches that have none yet."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

import db.claims
import db.verdicts
from checks import validate
from checks.errors import InvalidValue


def record_verdict(
    database: Database,
    claim_id: int,
    label: str,
    *,
    reviewer: str,
    rationale: str = "",
    sources: Sequence[str] = (),
    confidence: float | None = None,
    seconds_spent: float | None = None,
    expected_version: int | None = None,
    round_: int | None = None,
    origin: str = "review",
) -> dict:
    """Validate and append a verdict (of a review round, or an editor's resolution; blank
    source lines are dropped); raises UnknownLabel, InvalidValue, UnknownClaim, StaleClaim."""
    return db.verdicts.record_verdict(
        database,
        validate.row_id(claim_id, "claim"),
        reviewer=validate.reviewer(reviewer),
        label=validate.label(label),
        rationale=rationale,
        sources=[validate.web_url(url, "source") for url in sources if url.strip()],
        confidence=validate.confidence(confidence),
        seconds_spent=seconds_spent,
        expected_version=expected_version,
        round_=round_,
        origin=origin,
    )


def apply_verdict_to_matches(
    database: Database, claim_id: int, matched_ids: Sequence[int], *, reviewer: str
) -> list[int]:
    """Give the "same claim" matches among `matched_ids` that have no verdict yet the current
    verdict of `claim_id`, recorded under `reviewer`; return the claim ids that received it.

    Raises InvalidValue when the claim has no verdict or no reviewer is given, UnknownClaim.
    """
    reviewer = validate.reviewer(reviewer)
    db.claims.get_claim(database, claim_id)
    current = db.verdicts.current_verdict(database, claim_id)
    if current is None:
        raise InvalidValue(f"claim {claim_id}: it has no verdict to apply yet")
    rationale = f"Same claim as claim {claim_id}. {current['rationale']}".strip()
    verdict = {**current, "reviewer": reviewer, "rationale": rationale}
    return db.verdicts.apply_verdict_to_matches(database, claim_id, matched_ids, verdict)


def bulk_candidates(matches: Sequence[dict]) -> list[int]:
    """Return the ids among a claim's matches (db.matches.claim_matches rows) that may be
    given its verdict in bulk: same-claim matches without a verdict of their own whose numbers
    do not differ (DESIGN §7: those are shown, never selectable)."""
    return [
        m["claim_id"]
        for m in matches
        if m["level"] == "same" and m["verdict"] is None and m["numbers"] != "differ"
    ]
