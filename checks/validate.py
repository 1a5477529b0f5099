"""Checks of values a user types (dates, URLs, result counts), each raising InvalidValue."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

from checks.errors import InvalidValue

MAX_RESULTS = 1000


def iso_date(flag: str, value: object) -> str | None:
    """Return a date (a `date` object or ISO text) as YYYY-MM-DD, None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidValue(f"{flag} {value}: not a date in YYYY-MM-DD form") from None


def date_range(since: object, until: object) -> tuple[str | None, str | None]:
    """Return (since, until) as YYYY-MM-DD, refusing a range that ends before it starts."""
    start, end = iso_date("--since", since), iso_date("--until", until)
    if start and end and start > end:
        raise InvalidValue(f"--since {start} is after --until {end}")
    return start, end


def result_count(k: int) -> int:
    """Return `k` when it is a sensible number of results (1..MAX_RESULTS)."""
    if not 1 <= k <= MAX_RESULTS:
        raise InvalidValue(f"--k {k}: must be between 1 and {MAX_RESULTS}")
    return k


def web_url(url: str) -> str:
    """Return `url` stripped when it is an absolute http(s) address."""
    parts = urlparse(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url.strip():
        raise InvalidValue(f"{url}: not a web address (http:// or https://)")
    return url.strip()
