"""Giving verdicts: validate and append a reviewer's verdict, and apply a claim's verdict to
its same-claim matches that have none yet."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

import db.claims
import db.verdicts
from checks import validate
from checks.errors import InvalidValue, UnknownLabel
from checks.labels import LABELS


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
) -> dict:
    """Validate and append a verdict; raises UnknownLabel, InvalidValue, UnknownClaim,
    StaleClaim."""
    if label not in LABELS:
        raise UnknownLabel(f"{label}: not a verdict label (one of {', '.join(LABELS)})")
    if not reviewer or not reviewer.strip():
        raise InvalidValue("reviewer: a reviewer name is required")
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        raise InvalidValue(f"confidence {confidence}: must be between 0 and 1")
    for url in sources:
        validate.web_url(url)
    return db.verdicts.record_verdict(
        database,
        claim_id,
        reviewer=reviewer.strip(),
        label=label,
        rationale=rationale,
        sources=list(sources),
        confidence=confidence,
        seconds_spent=seconds_spent,
        expected_version=expected_version,
    )


def apply_verdict_to_matches(
    database: Database, claim_id: int, matched_ids: Sequence[int], *, reviewer: str
) -> list[int]:
    """Give the "same claim" matches among `matched_ids` that have no verdict yet the current
    verdict of `claim_id`, recorded under `reviewer`; return the claim ids that received it.

    Raises InvalidValue when the claim has no verdict or no reviewer is given, UnknownClaim.
    """
    if not reviewer or not reviewer.strip():
        raise InvalidValue("reviewer: a reviewer name is required")
    db.claims.get_claim(database, claim_id)
    current = db.verdicts.current_verdict(database, claim_id)
    if current is None:
        raise InvalidValue(f"claim {claim_id}: it has no verdict to apply yet")
    rationale = f"Same claim as claim {claim_id}. {current['rationale']}".strip()
    verdict = {**current, "reviewer": reviewer.strip(), "rationale": rationale}
    return db.verdicts.apply_verdict_to_matches(database, claim_id, matched_ids, verdict)
