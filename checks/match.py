"""Match levels ("suggest", "same") and the numbers flag (same / differ / none) of two claims."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from checks.spans import Quantity

# Levels on the re-ranker's score (checks/rerank.py: the probability that an earlier claim is
# the one repeated), chosen on the CLEF 2020 task 2 dev tweets (bench/claim_matching.py; figures
# in the README). At SUGGEST the top result is right for 90% of the tweets that reach it (89% of
# them do): worth a look. At SAME it is right for 98% (66% reach it).
SUGGEST_THRESHOLD = 0.3
SAME_THRESHOLD = 0.7

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


# Kinds a number of unknown unit ("178 billion", "31") may be an amount of.
_AMOUNT_KINDS = frozenset({"count", "money", "measure"})
# A number of unknown unit is only compared with amounts within this factor of it: "a third"
# and "31 votes" are different things, not a differing figure.
_COMPARABLE_FACTOR = 10.0


def _fields(q: Quantity | dict) -> tuple[str, str | None, str | None, float]:
    get = q.get if isinstance(q, dict) else lambda name: getattr(q, name)
    return get("kind"), get("unit"), get("per"), float(get("value"))


def _is_bare(kind: str, unit: str | None) -> bool:
    return kind == "count" and unit is None


def _groups(quantities: Sequence[tuple]) -> dict[tuple, list[float]]:
    out: dict[tuple, list[float]] = {}
    for kind, unit, per, value in quantities:
        if not _is_bare(kind, unit):
            out.setdefault((kind, unit, per), []).append(value)
    return out


def _distance(x: float, values: Iterable[float]) -> float:
    """Return the relative difference of `x` to the closest of `values` (0 = equal, <= 1)."""
    return min((abs(x - y) / max(abs(x), abs(y), 1e-12) for y in values), default=1.0)


def _keyed_verdicts(left: list[tuple], right: list[tuple]) -> list[float | None]:
    """Return, per value of the side with fewer values of each shared kind and unit, None when
    it agrees with one on the other side, else its distance to the closest."""
    a, b = _groups(left), _groups(right)
    out: list[float | None] = []
    for key in set(a) & set(b):
        small, large = sorted((a[key], b[key]), key=len)
        for x in small:
            agrees = any(same_value(x, y, key[0]) for y in large)
            out.append(None if agrees else _distance(x, large))
    return out


def _comparable(x: float, y: float) -> bool:
    return x * y > 0 and max(x / y, y / x) < _COMPARABLE_FACTOR


def _verdict(x: float, others: Sequence[float]) -> float | None | bool:
    """Return None when `x` agrees with one of `others`, its distance to the closest
    comparable one when none agrees, and False when none is comparable (no evidence)."""
    if any(same_value(x, y) for y in others):
        return None
    near = [y for y in others if _comparable(x, y)]
    return _distance(x, near) if near else False


def _bare_verdicts(left: list[tuple], right: list[tuple]) -> list[float | None]:
    """Return the verdicts on numbers of unknown unit: per `per`, the side with fewer of them
    against the other's; where one side has none, its bare numbers against the other's amounts
    of any unit ("178 billion" against "€178 billion")."""
    out: list[float | None] = []
    for per in {q[2] for q in left + right if _is_bare(q[0], q[1])}:
        bare = [[v for k, u, p, v in side if _is_bare(k, u) and p == per] for side in (left, right)]
        if bare[0] and bare[1]:
            small, large = sorted(bare, key=len)
        else:
            small = bare[0] or bare[1]
            other = right if bare[0] else left
            large = [v for k, _, p, v in other if k in _AMOUNT_KINDS and p == per]
        verdicts = [_verdict(x, large) for x in small]
        out += [v for v in verdicts if v is not False]
    return out


def compare_numbers(
    a: Sequence[Quantity | dict], b: Sequence[Quantity | dict]
) -> tuple[str, float]:
    """Return the numbers flag of two claims and how far apart their figures are: the largest
    relative difference among the figures that differ (0 when none differs)."""
    left, right = [_fields(q) for q in a], [_fields(q) for q in b]
    verdicts = _keyed_verdicts(left, right)
    verdicts += _bare_verdicts(left, right)
    if not verdicts:
        return "none", 0.0
    gaps = [v for v in verdicts if v is not None]
    return ("differ", max(gaps)) if gaps else ("same", 0.0)


def numbers_flag(a: Sequence[Quantity | dict], b: Sequence[Quantity | dict]) -> str:
    """Return "differ" when two claims state a quantity of the same kind and unit with values
    that do not agree, "same" when all such quantities agree, and "none" when they share none.
    A number of unknown unit ("178 billion") is compared with amounts of any unit."""
    return compare_numbers(a, b)[0]
