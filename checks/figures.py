"""Numbers as people read them, the one format of the pages, the CLI's text and the Markdown
report: "178 billion EUR", "1,800 businesses", "at least 30%", scores to three decimals.

Machine formats (CSV numeric columns, JSON) keep the exact numbers and do not use this.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

# Scale words for large round values: "2.4 billion" reads better than 2,400,000,000.
SCALES: tuple[tuple[float, str], ...] = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
# A scaled value keeps at most this many decimals ("2.45 billion"); a value that needs more
# ("2,345,678") is written in full, so the words never round a figure away.
SCALE_DECIMALS = 2
SCORE_DECIMALS = 3
LIST_SEPARATOR = "; "

_IRREGULAR = {
    "person": "people", "child": "children", "man": "men", "woman": "women",
    "millennium": "millennia", "foot": "feet", "tooth": "teeth", "mouse": "mice",
    "criterion": "criteria", "phenomenon": "phenomena", "sheep": "sheep", "fish": "fish",
    "series": "series", "species": "species", "aircraft": "aircraft", "police": "police",
}  # fmt: skip


def plural(noun: str) -> str:
    """Return the plural of a singular English noun: "stop" -> "stops", "person" -> "people"."""
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if re.search(r"(s|x|z|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def grouped(value: float, decimals: int = 2) -> str:
    """Return `value` with grouped digits and at most `decimals` decimals, no trailing zeros:
    1800 -> "1,800", 37.6 -> "37.6", 0.333 -> "0.33"; a tiny non-zero value keeps three
    significant digits (0.00042 -> "0.00042")."""
    if value != 0 and abs(value) < 10**-decimals:
        return f"{value:.3g}"
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def number(value: float) -> str:
    """Return a plain number for people: "178 billion", "2.4 billion", "1,800", "37.6"."""
    for scale, word in SCALES:
        if abs(value) >= scale:
            scaled = value / scale
            if abs(round(scaled, SCALE_DECIMALS) * scale - value) <= abs(value) * 1e-9:
                return f"{grouped(scaled, SCALE_DECIMALS)} {word}"
            break
    return grouped(value)


def score(value: float | None) -> str:
    """Return a score (check-worthiness, similarity, relevance) to three decimals: "0.997"."""
    return "" if value is None else f"{value:.{SCORE_DECIMALS}f}"


def _ordinal(value: float) -> str:
    whole = int(value)
    if 10 <= whole % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole:,}{suffix}"


def _date(value: float) -> str:
    digits = f"{int(value):08d}"
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"


def _with_unit(value: float, unit: str | None, kind: str | None) -> str:
    """Return the number with its unit: "38%", "2.4 billion EUR", "8 years", "46 km"."""
    text = number(value)
    if not unit:
        return f"{text} times" if kind == "multiplier" else text
    if unit in ("%", "°") or unit.startswith("°"):
        return f"{text}{unit}"
    if unit == "pp":
        return f"{text} percentage point{'' if value == 1 else 's'}"
    if kind in ("count", "duration") and unit.isalpha() and unit.islower():
        return f"{text} {unit if abs(value) == 1 else plural(unit)}"
    return f"{text} {unit}"


def quantity(q: Mapping) -> str:
    """Return one quantity for people: "about 1,800 businesses", "12 USD per hour", "2027"."""
    value, unit, kind = float(q["value"]), q.get("unit"), q.get("kind")
    if kind == "year":
        text = f"{value:.0f}"
    elif kind == "date" and 10_000_101 <= value <= 99_991_231 and value.is_integer():
        text = _date(value)
    elif kind == "ordinal" and value.is_integer():
        text = _ordinal(value)
    else:
        text = _with_unit(value, unit, kind)
    return qualified(q, text)


def qualified(q: Mapping, text: str) -> str:
    """Return a quantity's written number `text` with its rate and qualifier: "about 12 USD per
    hour" (the qualifier "range" is said by joining both ends, see `quantities`)."""
    if q.get("per"):
        text += f" per {q['per']}"
    qualifier = q.get("qualifier")
    return f"{qualifier} {text}" if qualifier and qualifier != "range" else text


def quantities(items: Sequence[Mapping], each: Callable[[Mapping], str] = quantity) -> str:
    """Return a claim's quantities, each written by `each` (for people by default), joined with
    "; ", the two ends of a range as "A to B"."""
    parts: list[str] = []
    index = 0
    while index < len(items):
        pair = items[index : index + 2]
        if len(pair) == 2 and all(q.get("qualifier") == "range" for q in pair):
            parts.append(f"{each(pair[0])} to {each(pair[1])}")
            index += 2
        else:
            parts.append(each(pair[0]))
            index += 1
    return LIST_SEPARATOR.join(parts)


def _key(q: Mapping) -> tuple:
    return (q.get("kind"), q.get("unit"), q.get("per"))


def differing(left: Sequence[Mapping], right: Sequence[Mapping]) -> list[tuple[str, str]]:
    """Return, for each kind and unit that two claims both state, the figures that do not
    agree, side by side for people: [("38%", "48%")]. Empty when nothing differs."""
    from checks.match import same_value

    def agree(a: Mapping, b: Mapping, kind: str | None) -> bool:
        return same_value(float(a["value"]), float(b["value"]), kind or "count")

    pairs = []
    for key in dict.fromkeys(_key(q) for q in left):
        mine = [q for q in left if _key(q) == key]
        theirs = [q for q in right if _key(q) == key]
        if not theirs:
            continue
        lone_mine = [q for q in mine if not any(agree(q, o, key[0]) for o in theirs)]
        lone_theirs = [o for o in theirs if not any(agree(q, o, key[0]) for q in mine)]
        if lone_mine or lone_theirs:
            pairs.append((quantities(lone_mine or mine), quantities(lone_theirs or theirs)))
    return pairs
