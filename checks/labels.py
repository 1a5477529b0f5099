"""The verdict labels of DESIGN.md §5, their display names and ClaimReview ratings."""

from __future__ import annotations

LABELS: tuple[str, ...] = (
    "true",
    "mostly-true",
    "mixed",
    "mostly-false",
    "false",
    "misleading",
    "unverifiable",
    "not-a-claim",
)

DISPLAY_NAMES: dict[str, str] = {
    "true": "True",
    "mostly-true": "Mostly true",
    "mixed": "Mixed",
    "mostly-false": "Mostly false",
    "false": "False",
    "misleading": "Misleading",
    "unverifiable": "Unverifiable",
    "not-a-claim": "Not a claim",
}

# ClaimReview ratingValue on a 1..5 scale; the other labels carry no number.
RATING_VALUES: dict[str, int] = {
    "true": 5,
    "mostly-true": 4,
    "mixed": 3,
    "mostly-false": 2,
    "false": 1,
}

# A reviewer says why for every label but this one ("not a claim" explains itself).
NO_RATIONALE_NEEDED: frozenset[str] = frozenset({"not-a-claim"})


def needs_rationale(label: str) -> bool:
    """Return whether a verdict with this label must come with a rationale on the review page."""
    return label not in NO_RATIONALE_NEEDED
