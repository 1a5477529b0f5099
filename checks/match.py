"""Match levels ("suggest", "same") and the numbers flag (same / differ / none) of two claims."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from checks.spans import Quantity

# Cosine similarity (all-MiniLM-L6-v2) of a claim and an earlier claim, calibrated on the
# CLEF 2020 task 2 training tweets (bench/claim_matching.py; figures in the README). At SUGGEST,
# 74% of true pairs are kept and a wrong archive claim comes this close for 37% of tweets: worth
# a look. At SAME, a wrong archive claim comes this close for only 5% of tweets.
SUGGEST_THRESHOLD = 0.55
SAME_THRESHOLD = 0.75

# Texts this short, or bare links, match everything a little and nothing well.
MIN_WORDS = 4
MIN_CHARS = 15

# Kinds whose values are identifiers more than measurements: compared exactly.
_EXACT_KINDS = frozenset({"year", "date", "ordinal"})
# A value may be rounded by its writer, but never by more than this share of itself.
_MAX_RELATIVE_ROUNDING = 0.025

_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")


def is_url(text: str) -> bool:
    """Return whether a text is nothing but a web address."""
    return bool(_URL.match(text))


def is_noise(text: str) -> bool:
    """Return whether a text is too short or a bare URL to match or query on."""
    if not text or is_url(text):
        return True
    stripped = re.sub(r"https?://\S+|www\.\S+|@\w+|#", " ", text)
    return len(stripped.strip()) < MIN_CHARS or len(_WORD.findall(stripped)) < MIN_WORDS - 1


def match_level(similarity: float) -> str | None:
    """Return "same", "suggest" or None for a claim pair's similarity."""
    if similarity >= SAME_THRESHOLD:
        return "same"
    if similarity >= SUGGEST_THRESHOLD:
        return "suggest"
    return None


def _precision(value: float) -> float:
    """Return the place value of the last significant digit of `value` (38 -> 1, 2.4e9 -> 1e8)."""
    if value == 0 or not math.isfinite(value):
        return 1.0
    for exponent in range(int(math.floor(math.log10(abs(value)))), -7, -1):
        place = 10.0**exponent
        if abs(value / place - round(value / place)) < 1e-6:
            return place
    return 1e-6


def same_value(a: float, b: float, kind: str = "count") -> bool:
    """Return whether two values agree up to the rounding of the coarser one
    ("37.6 percent" and "38 percent" agree; "€178 billion" and "€187 billion" do not)."""
    if kind in _EXACT_KINDS:
        return a == b
    if a == b:
        return True
    rounding = 0.5 * max(_precision(a), _precision(b))
    return abs(a - b) <= min(rounding, _MAX_RELATIVE_ROUNDING * max(abs(a), abs(b)))


def _groups(quantities: Iterable[Quantity | dict]) -> dict[tuple, list[float]]:
    out: dict[tuple, list[float]] = {}
    for q in quantities:
        get = q.get if isinstance(q, dict) else lambda name, q=q: getattr(q, name)
        out.setdefault((get("kind"), get("unit"), get("per")), []).append(float(get("value")))
    return out


def numbers_flag(a: Sequence[Quantity | dict], b: Sequence[Quantity | dict]) -> str:
    """Return "differ" when two claims state a quantity of the same kind and unit with values
    that do not agree, "same" when all such quantities agree, and "none" when they share none."""
    left, right = _groups(a), _groups(b)
    shared = set(left) & set(right)
    if not shared:
        return "none"
    for key in shared:
        small, large = sorted((left[key], right[key]), key=len)
        if not all(any(same_value(x, y, key[0]) for y in large) for x in small):
            return "differ"
    return "same"
