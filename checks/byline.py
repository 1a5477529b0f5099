"""Title, byline author and date found in the first lines of a plain-text document."""

from __future__ import annotations

import re
from typing import NamedTuple

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_PREFIX = r"(?:(?:published|posted|updated|date)\s*:?\s*(?:on\s+)?)?(?:[A-Za-z]+day,?\s+)?"
_DATES = [
    re.compile(rf"{_PREFIX}{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.I),
    re.compile(rf"{_PREFIX}{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.I),
    re.compile(rf"{_PREFIX}{_YEAR}-(?P<m>\d{{2}})-(?P<day>\d{{2}})", re.I),
]
_NAME = re.compile(
    r"(?:[Bb]y\s+)?([A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|der|da|di|le|la|bin|al)){1,4})"
)
_TERMINAL = tuple(".?!,;:")
_TITLE_MAX_CHARS = 160
_HEAD_LINES = 6


class Byline(NamedTuple):
    """What the top of a document says about it; None where it says nothing."""

    title: str | None
    published_at: str | None
    author: str | None


def parse_date(line: str) -> str | None:
    """Return ISO YYYY-MM-DD when the whole line is a date ("4 December 2025"), else None."""
    line = line.strip()
    for pattern in _DATES:
        match = pattern.fullmatch(line)
        if match:
            return _iso(match)
    return None


def find_byline(text: str) -> Byline:
    """Return the title (a first short line without terminal punctuation), date and author."""
    lines = [line.strip() for line in text[:2000].split("\n") if line.strip()][:_HEAD_LINES]
    published = title = author = None
    title_index = first_text = -1
    for index, line in enumerate(lines):
        date = parse_date(line)
        if date:
            published = published or date
            continue
        first_text = index if first_text < 0 else first_text
        if title is None and index == first_text and index <= 1 and _title_like(line):
            title, title_index = line, index
        elif title is not None and index == title_index + 1 and not published:
            author = _author(line)
    return Byline(title, published, author)


def _title_like(line: str) -> bool:
    return (
        len(line) <= _TITLE_MAX_CHARS
        and not line.endswith(_TERMINAL)
        and any(c.isalpha() for c in line)
    )


def _author(line: str) -> str | None:
    """Return the person's name when the line is only a name ("Peter Schwarz", "By Ann Lee")."""
    match = _NAME.fullmatch(line)
    if not match or any(c.isdigit() for c in line):
        return None
    return match.group(1)


def _iso(match: re.Match) -> str | None:
    groups = match.groupdict()
    month = int(groups["m"]) if groups.get("m") else _MONTHS.get(groups["month"].lower())
    day = int(groups["day"])
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return f"{groups['year']}-{month:02d}-{day:02d}"
