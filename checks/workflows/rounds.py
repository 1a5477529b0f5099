"""Two review rounds: agreement between first and blind second reviews, the disagreements
an editor settles (verdicts of origin `resolution`), and per-reviewer figures."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlite_utils import Database

import db.desk
from checks import agreement, validate
from checks.errors import InvalidValue
from checks.labels import LABELS
from checks.workflows import verdicts
from checks.workflows.desk import Account, require_editor


def resolve(
    database: Database,
    claim_id: int,
    label: str,
    *,
    actor: Account | None,
    rationale: str = "",
    sources: Sequence[str] = (),
) -> dict:
    """Record an editor's verdict settling a disagreement (origin `resolution`); it becomes
    the claim's current verdict. Raises NotAllowed, InvalidValue, UnknownLabel."""
    require_editor(database, actor, "resolve disagreements")
    if label not in LABELS:
        raise InvalidValue(f"{label}: not a verdict label")
    editor = actor.name if actor is not None else "command line"
    return verdicts.record_verdict(
        database, claim_id, label, reviewer=editor, rationale=rationale, sources=sources,
        origin="resolution",
    )  # fmt: skip


# Agreement ---------------------------------------------------------------------------------


def _pairs(rows: Sequence[dict]) -> list[agreement.ReviewPair]:
    return [
        agreement.ReviewPair(r["claim_id"], r["first_reviewer"], r["first_label"],
                             r["second_reviewer"], r["second_label"])
        for r in rows
    ]  # fmt: skip


def agreement_figures(
    database: Database, document_id: int | None = None, since: str | None = None
) -> dict:
    """Return the `agreement` figures of DESIGN §4 over the double-reviewed claims (those
    whose second round was saved on or after `since`); raises InvalidValue for a bad date."""
    since = validate.iso_date(since, "since")
    rows = db.desk.double_reviewed(database, document_id, since)
    resolved = [r["claim_id"] for r in rows if r["resolution_label"] is not None]
    return agreement.summarize(_pairs(rows), resolved=resolved)


def disagreements(database: Database, document_id: int | None = None) -> list[dict]:
    """Return double-reviewed claims whose rounds disagree and that no editor has settled,
    with both verdicts' reviewers, labels, rationales and sources."""
    rows = db.desk.double_reviewed(database, document_id)
    return [
        {**r, "first_sources": json.loads(r["first_sources"] or "[]"),
         "second_sources": json.loads(r["second_sources"] or "[]")}
        for r in rows
        if r["first_label"] != r["second_label"] and r["resolution_label"] is None
    ]  # fmt: skip


def reviewer_figures(database: Database, activity: Sequence[dict]) -> list[dict]:
    """Return per reviewer: verdicts, median seconds, agreement with others, and the share of
    their double-reviewed verdicts that an editor's resolution overturned.

    `activity` is the dashboard's per-reviewer verdict count and median seconds.
    """
    rows = db.desk.double_reviewed(database)
    agree = agreement.agreement_by_reviewer(_pairs(rows))
    judged: dict[str, int] = {}
    overturned: dict[str, int] = {}
    for row in rows:
        if row["resolution_label"] is None:
            continue
        for side in ("first", "second"):
            name = row[f"{side}_reviewer"]
            judged[name] = judged.get(name, 0) + 1
            overturned[name] = overturned.get(name, 0) + (
                row[f"{side}_label"] != row["resolution_label"]
            )
    out = []
    for row in activity:
        name = row["reviewer"]
        out.append({
            **row,
            "agreement": agree.get(name),
            "overturned": overturned[name] / judged[name] if judged.get(name) else None,
        })  # fmt: skip
    return out
