"""Checks of the values a user gives (verdict labels, reviewer names, dates, web addresses,
result counts, confidences), one check per thing. Each raises InvalidValue or UnknownLabel in
the user's words, naming the value; `field` says which input it was, so the command line can
add its flag name and the app its label."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlparse

from checks.errors import InvalidValue, UnknownLabel
from checks.labels import LABELS

MAX_RESULTS = 1000


def label(value: str, field: str = "label") -> str:
    """Return `value` when it is a verdict label (DESIGN §5); raises UnknownLabel."""
    if value not in LABELS:
        raise UnknownLabel(f"{value}: not a verdict label (one of {', '.join(LABELS)})", field)
    return value


def labels(values: Iterable[str], field: str = "label") -> tuple[str, ...]:
    """Return the labels as a tuple when each one is a verdict label; raises UnknownLabel."""
    return tuple(label(value, field) for value in values)


def reviewer(name: str | None, field: str = "reviewer") -> str:
    """Return a reviewer's name without surrounding spaces; raises InvalidValue when empty."""
    if not name or not name.strip():
        raise InvalidValue(f"{name or ''!r}: a reviewer name is required", field)
    return name.strip()


def iso_date(value: object, field: str = "date") -> str | None:
    """Return a date (a `date` object or ISO text) as YYYY-MM-DD, None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidValue(f"{value}: not a date in YYYY-MM-DD form", field) from None


def date_range(since: object, until: object) -> tuple[str | None, str | None]:
    """Return (since, until) as YYYY-MM-DD, refusing a range that ends before it starts."""
    start, end = iso_date(since, "since"), iso_date(until, "until")
    if start and end and start > end:
        raise InvalidValue(f"the start date {start} is after the end date {end}")
    return start, end


def result_count(k: int, field: str = "k") -> int:
    """Return `k` when it is a sensible number of results (1..MAX_RESULTS)."""
    if not 1 <= k <= MAX_RESULTS:
        raise InvalidValue(f"{k}: the number of results must be between 1 and {MAX_RESULTS}", field)
    return k


def confidence(value: float | None, field: str = "confidence") -> float | None:
    """Return a confidence when it lies between 0 and 1 (None when not given)."""
    if value is not None and not 0.0 <= value <= 1.0:
        raise InvalidValue(f"{value}: a confidence must be between 0 and 1", field)
    return value


def web_url(url: str, field: str | None = None) -> str:
    """Return `url` stripped when it is an absolute http(s) address."""
    parts = urlparse(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url.strip():
        raise InvalidValue(f"{url}: not a web address (http:// or https://)", field)
    return url.strip()
