"""Read ClaimReview JSON-LD (schema.org, our own export too) into archive row fields, each
value checked for its JSON type: a wrong type is refused, never stored as Python's repr."""

from __future__ import annotations

from collections.abc import Iterator

from checks import validate
from checks.errors import MalformedArchive, quoted
from checks.json_values import id_value, number_value, text_value, type_name
from checks.ratings import label_for_rating


def is_claimreview(obj: dict) -> bool:
    """Return whether a JSON object is a ClaimReview (by @type, or by its claimReviewed)."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds or "claimReviewed" in obj


def claimreview_rows(data: object, name: str) -> Iterator[dict]:
    """Yield the archive row fields (ArchiveRow's) of a single ClaimReview object, a list of
    them, or a page's @graph. Raises MalformedArchive naming the item and the field."""
    if isinstance(data, dict) and "@graph" in data:
        data = data["@graph"]
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, start=1):
        where = f"{name}: item {number}"
        if not isinstance(item, dict):
            raise MalformedArchive(f"{where}: not a JSON object")
        if not is_claimreview(item):
            continue  # a page's @graph also holds its WebPage, Organization, ...
        if text_value(item, "claimReviewed", where) is None:
            raise MalformedArchive(f"{where}: ClaimReview without claimReviewed")
        yield _review_fields(item, number, where)


def _review_fields(item: dict, number: int, where: str) -> dict:
    rating = _object(item, "reviewRating", where)
    words = text_value(rating, "alternateName", where) or text_value(rating, "name", where)
    value = number_value(rating, "ratingValue", where)
    best = number_value(rating, "bestRating", where)
    reviewed = _object(item, "itemReviewed", where)
    url = text_value(item, "url", where)
    url = _web_url(url, where, "url") if url is not None else None
    identifier = id_value(item, "identifier", where) or url or id_value(item, "@id", where)
    return {
        "line": number,
        "text": _full_text(item["claimReviewed"], text_value(reviewed, "text", where)),
        "external_id": identifier,
        "rating": words,
        "label": label_for_rating(words, value, best),
        "reviewer": _name(item, "reviewer", where) or _name(rating, "author", where),
        "reviewed_at": text_value(item, "datePublished", where)
        or text_value(item, "dateModified", where),
        "review_url": url,
        "claimant": _name(reviewed, "author", where),
        "title": (text_value(item, "headline", where) or "").strip() or None,
        "rationale": text_value(item, "reviewBody", where)
        or text_value(item, "description", where)
        or "",
        "sources": _citations(item.get("citation"), where),
    }


def _object(item: dict, key: str, where: str) -> dict:
    value = item.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MalformedArchive(f"{where}: {key!r} is {type_name(value)}, not an object")
    return value


def _web_url(url: object, where: str, field: str) -> str:
    if not validate.is_web_url(url):
        raise MalformedArchive(f"{where}: {field} {quoted(url)}: {validate.NOT_A_WEB_URL}")
    return str(url).strip()


def _citations(value: object, where: str) -> tuple[str, ...]:
    """Return the cited addresses: text, or CreativeWork objects with a url; each http(s)."""
    out = []
    for entry in value if isinstance(value, list) else ([] if value is None else [value]):
        url = text_value(entry, "url", where) if isinstance(entry, dict) else entry
        if url is not None:
            out.append(_web_url(url, where, "citation"))
    return tuple(out)


def _full_text(claim_reviewed: str, item_text: str | None) -> str:
    """Return the claim's full text: publishers (our export too) shorten `claimReviewed` with
    an ellipsis and keep the whole claim in `itemReviewed.text`."""
    short = claim_reviewed.strip()
    stem = " ".join(short.rstrip("…").rstrip(". ").split())
    if item_text is not None and " ".join(item_text.split()).startswith(stem):
        return item_text.strip()
    return short


def _name(obj: dict, key: str, where: str) -> str | None:
    """Return a Person's or Organization's name: text, {"name": text}, or a list's first."""
    value = obj.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return text_value(value, "name", f"{where}: {key}")
    return text_value({key: value}, key, where)
