"""Checks of values a user types (dates, URLs, result counts), each raising InvalidValue."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

from checks.errors import InvalidValue, quoted

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


def web_url(url: str, flag: str = "") -> str:
    """Return `url` stripped when it is an absolute http(s) address; raises InvalidValue
    (naming `flag` when given). The one URL check for every way a URL enters: ingest,
    verdict sources, imported reviews and citations, and what an export publishes."""
    if not is_web_url(url):
        raise InvalidValue(f"{flag + ' ' if flag else ''}{quoted(url)}: {NOT_A_WEB_URL}")
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


def row_id(flag: str, value: object) -> int:
    """Return a database row id (a claim or document id) given as a number or text; raises
    InvalidValue when it is not a whole number between 1 and 2**63 - 1 (SQLite's largest)."""
    text = str(value).strip()
    if (
        not text.isascii()
        or not text.isdigit()
        or len(text) > 19
        or not 1 <= int(text) <= MAX_ROW_ID
    ):
        raise InvalidValue(f"{flag} {quoted(value)}: not an id (a whole number from 1)")
    return int(text)
