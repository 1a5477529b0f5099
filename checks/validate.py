"""Checks of the values a user gives (verdict labels, reviewer names, dates, web addresses,
result counts, confidences), one check per thing. Each raises InvalidValue or UnknownLabel in
the user's words, naming the value; `field` says which input it was, so the command line can
add its flag name and the app its label."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlparse

from checks.claim_kinds import KINDS
from checks.errors import InvalidValue, UnknownLabel, quoted
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


def claim_kind(value: str, field: str = "kind") -> str:
    """Return `value` when it is a claim kind (DESIGN §4); raises InvalidValue."""
    if value not in KINDS:
        raise InvalidValue(f"{quoted(value)}: not a claim kind (one of {', '.join(KINDS)})", field)
    return value


def claim_status(value: str, field: str = "status") -> str:
    """Return `value` when it is a claim status (new, checked); raises InvalidValue."""
    if value not in ("new", "checked"):
        raise InvalidValue(f"{quoted(value)}: not a claim status (new or checked)", field)
    return value


def confidence(value: float | None, field: str = "confidence") -> float | None:
    """Return a confidence when it lies between 0 and 1 (None when not given)."""
    if value is not None and not 0.0 <= value <= 1.0:
        raise InvalidValue(f"{value}: a confidence must be between 0 and 1", field)
    return value


def web_url(url: str, field: str | None = None) -> str:
    """Return `url` stripped when it is an absolute http(s) address; raises InvalidValue.
    The one URL check for every way a URL enters: ingest, verdict sources, imported reviews
    and citations, and what an export publishes (`is_web_url`)."""
    if not is_web_url(url):
        raise InvalidValue(f"{quoted(url)}: {NOT_A_WEB_URL}", field)
    return url.strip()


NOT_A_WEB_URL = "not a web address (http:// or https://)"


def is_web_url(url: object) -> bool:
    """Return whether `url` is text holding an absolute http(s) address with a host and no
    space or control character (javascript:, data:, file: and relative paths are not)."""
    if not isinstance(url, str):
        return False
    text = url.strip()
    if not text or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        return False
    try:
        parts = urlparse(text)
    except ValueError:  # an invalid IPv6 host, for one
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


MAX_ROW_ID = 2**63 - 1


def row_id(value: object, field: str = "id") -> int:
    """Return a database row id (a claim or document id) given as a number or text; raises
    InvalidValue when it is not a whole number between 1 and 2**63 - 1 (SQLite's largest)."""
    text = str(value).strip()
    if (
        not text.isascii()
        or not text.isdigit()
        or len(text) > 19
        or not 1 <= int(text) <= MAX_ROW_ID
    ):
        raise InvalidValue(f"{quoted(value)}: not an id (a whole number from 1)", field)
    return int(text)
