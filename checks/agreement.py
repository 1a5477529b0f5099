"""Agreement between a first and a blind second review: observed share, Cohen's kappa,
Krippendorff's alpha (nominal) and the confusion table. Pure: pairs of labels in, figures out."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from checks.labels import LABELS


@dataclass(frozen=True)
class ReviewPair:
    """One double-reviewed claim: the round-1 and the round-2 verdict, by different reviewers."""

    claim_id: int
    first_reviewer: str
    first_label: str
    second_reviewer: str
    second_label: str


def observed_agreement(first: Sequence[str], second: Sequence[str]) -> float | None:
    """Return the share of positions where both label lists agree; None when they are empty."""
    if len(first) != len(second):
        raise ValueError("both label lists must have the same length")
    if not first:
        return None
    return sum(a == b for a, b in zip(first, second, strict=True)) / len(first)


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float | None:
    """Return Cohen's kappa of two raters' nominal labels; None where it is undefined.

    Kappa is undefined when chance agreement is 1 (both raters used one and the same label
    throughout) and when there are no items; it is then None, never a division error.
    """
    observed = observed_agreement(first, second)
    if observed is None:
        return None
    n = len(first)
    first_counts, second_counts = Counter(first), Counter(second)
    expected = sum(first_counts[label] * second_counts[label] for label in first_counts) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha_nominal(units: Iterable[Sequence[str]]) -> float | None:
    """Return Krippendorff's alpha (nominal) over units, each the labels its coders gave.

    Units with fewer than two labels are not pairable and are left out. Alpha is None when no
    unit is pairable or when only one label occurs (expected disagreement is zero).
    """
    coincidence: dict[tuple[str, str], float] = defaultdict(float)
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    coincidence[(a, b)] += 1.0 / (m - 1)
    totals: dict[str, float] = defaultdict(float)
    for (a, _), count in coincidence.items():
        totals[a] += count
    n = sum(totals.values())
    if n <= 1:
        return None
    disagree_observed = sum(count for (a, b), count in coincidence.items() if a != b)
    # sum over c != k of n_c * n_k, the expected disagreement before dividing by n(n - 1)
    disagree_expected = n * n - sum(t * t for t in totals.values())
    if disagree_expected <= 1e-12:
        return None
    return 1.0 - (n - 1) * disagree_observed / disagree_expected


def confusion_table(
    first: Sequence[str], second: Sequence[str], labels: Sequence[str] = LABELS
) -> dict[str, dict[str, int]]:
    """Return counts keyed by round-1 label, then round-2 label, over every label.

    Rows and columns list `labels` in order, then any other label that occurs, sorted.
    """
    seen = set(first) | set(second)
    order = [*labels, *sorted(seen - set(labels))]
    table = {row: dict.fromkeys(order, 0) for row in order}
    for a, b in zip(first, second, strict=True):
        table[a][b] += 1
    return table


def _pair_key(pair: ReviewPair) -> tuple[str, str]:
    return tuple(sorted((pair.first_reviewer, pair.second_reviewer)))  # type: ignore[return-value]


def summarize(
    pairs: Sequence[ReviewPair], resolved: Iterable[int] = (), labels: Sequence[str] = LABELS
) -> dict:
    """Return the `agreement` figures of DESIGN §4 over double-reviewed claims.

    `resolved` holds the claim ids an editor has settled; disagreements lists the others.
    """
    first = [p.first_label for p in pairs]
    second = [p.second_label for p in pairs]
    groups: dict[tuple[str, str], list[ReviewPair]] = defaultdict(list)
    for pair in pairs:
        groups[_pair_key(pair)].append(pair)
    by_pair = [
        {
            "reviewers": list(key),
            "pairs": len(group),
            "observed": observed_agreement(
                [p.first_label for p in group], [p.second_label for p in group]
            ),
            "kappa": cohen_kappa([p.first_label for p in group], [p.second_label for p in group]),
        }
        for key, group in sorted(groups.items())
    ]
    settled = set(resolved)
    return {
        "pairs": len(pairs),
        "observed": observed_agreement(first, second),
        "kappa": cohen_kappa(first, second),
        "alpha": krippendorff_alpha_nominal(zip(first, second, strict=True)),
        "by_pair": by_pair,
        "confusion": confusion_table(first, second, labels),
        "disagreements": sorted(
            p.claim_id
            for p in pairs
            if p.first_label != p.second_label and p.claim_id not in settled
        ),
    }


def agreement_by_reviewer(pairs: Sequence[ReviewPair]) -> dict[str, float]:
    """Return, per reviewer, the share of their double-reviewed claims where both labels agree."""
    total: Counter[str] = Counter()
    equal: Counter[str] = Counter()
    for pair in pairs:
        for name in {pair.first_reviewer, pair.second_reviewer}:
            total[name] += 1
            equal[name] += pair.first_label == pair.second_label
    return {name: equal[name] / total[name] for name in sorted(total)}
