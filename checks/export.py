"""Verdict reports from plain export rows: CSV for spreadsheets, ClaimReview JSON-LD for
publishing, Markdown for a newsroom's notes (DESIGN.md §4, §5)."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, BinaryIO

from checks import config, figures, validate
from checks.labels import DISPLAY_NAMES, RATING_VALUES
from checks.report_markdown import write_markdown

if TYPE_CHECKING:  # pandas costs about a second to import; only the preview table needs it
    import pandas as pd

FORMATS: tuple[str, ...] = ("csv", "claimreview", "markdown")
FILE_NAMES: dict[str, str] = {
    "csv": "claimdesk-verdicts.csv",
    "claimreview": "claimdesk-claimreview.json",
    "markdown": "claimdesk-report.md",
}
MIME_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "claimreview": "application/ld+json",
    "markdown": "text/markdown",
}

FLUSH_CHARS = 1 << 18  # CSV characters buffered before they are written out

CSV_COLUMNS: tuple[str, ...] = (
    "claim_id", "claim", "kind", "score", "quantities", "claimant", "document", "source_url",
    "published", "sentence", "verdict", "rationale", "sources", "reviewer", "reviewed_at",
    "earlier_verdicts",
)  # fmt: skip
NUMERIC_COLUMNS: frozenset[str] = frozenset({"claim_id", "score", "earlier_verdicts"})
# Scores are model outputs: three decimals carry all they mean (0.9997360110282898 -> 1.0).
SCORE_DECIMALS = 3

# Spreadsheets run a cell starting with one of these as a formula (DESIGN.md §4).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# A cell guarded with a leading ': those above, and ' itself, so that `import` strips exactly
# the quote the export added and a value's own leading ' comes back too.
GUARDED_STARTS: tuple[str, ...] = (*FORMULA_STARTS, "'")

# Google's fact-check guidance asks for a short claimReviewed; the full text stays in
# itemReviewed.text so nothing is lost on a round trip.
CLAIM_REVIEWED_MAX = 120

# Whose words a claim is: these words make a claimant an Organization rather than a Person.
_ORGANISATION_WORDS = re.compile(
    r"\b(council|ministry|department|agency|office|government|party|union|association|"
    r"company|corporation|corp|inc|ltd|llc|plc|group|board|committee|commission|authority|"
    r"institute|university|bank|bureau|federation|foundation|chamber|police|service|"
    r"news|times|post|press|network|organi[sz]ation)\b",
    re.IGNORECASE,
)


# Quantities --------------------------------------------------------------------------------


def format_number(value: float) -> str:
    """Return a number without exponent or trailing zeros: 178000000000, 37.6, -3.5."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def format_quantity(quantity: Mapping) -> str:
    """Return one quantity as exact normalised text: "about 45%", "178000000000 EUR"."""
    value, unit, kind = quantity["value"], quantity.get("unit"), quantity.get("kind")
    number = format_number(value)
    if kind == "date" and len(number) == 8 and number.isdigit():
        number = f"{number[:4]}-{number[4:6]}-{number[6:]}"
    if unit in ("%", "°"):
        number += unit
    elif unit:
        number += f" {unit}"
    return figures.qualified(quantity, number)


def format_quantities(quantities: Sequence[Mapping]) -> str:
    """Return a claim's quantities as exact text, joined with "; ", a range as "A to B"."""
    return figures.quantities(quantities, each=format_quantity)


# CSV ---------------------------------------------------------------------------------------


def guard_cell(text: str) -> str:
    """Return a text cell that no spreadsheet runs as a formula (a leading `'` when needed)."""
    return f"'{text}" if text.startswith(GUARDED_STARTS) else text


def csv_frame(rows: Iterable[Mapping]) -> pd.DataFrame:
    """Return the CSV report as a table (columns of DESIGN.md §4), without the formula guard."""
    import pandas as pd

    rows = list(rows)
    frame = pd.DataFrame.from_records(rows, columns=list(CSV_COLUMNS))
    frame["quantities"] = [format_quantities(row.get("quantities") or ()) for row in rows]
    frame["sources"] = [figures.LIST_SEPARATOR.join(row.get("sources") or ()) for row in rows]
    frame["claim_id"] = frame["claim_id"].astype("int64")
    frame["score"] = frame["score"].astype("float64").round(SCORE_DECIMALS)
    frame["earlier_verdicts"] = frame["earlier_verdicts"].fillna(0).astype("int64")
    return frame


def _guarded(value: object) -> str:
    if value is None or value != value:  # None, or pandas' NaN for a missing cell
        return ""
    return guard_cell(str(value))


def _score(row: Mapping) -> float | None:
    score = row.get("score")
    return None if score is None else round(float(score), SCORE_DECIMALS)


def _csv_record(row: Mapping) -> tuple:
    """Return one CSV line's cells in CSV_COLUMNS order, text guarded, numbers as numbers."""
    return (
        row["claim_id"], _guarded(row.get("claim")), _guarded(row.get("kind")), _score(row),
        _guarded(format_quantities(row.get("quantities") or ())), _guarded(row.get("claimant")),
        _guarded(row.get("document")), _guarded(row.get("source_url")),
        _guarded(row.get("published")), _guarded(row.get("sentence")),
        _guarded(row.get("verdict")), _guarded(row.get("rationale")),
        _guarded(figures.LIST_SEPARATOR.join(row.get("sources") or ())),
        _guarded(row.get("reviewer")), _guarded(row.get("reviewed_at")),
        row.get("earlier_verdicts") or 0,
    )  # fmt: skip


def write_csv(rows: Iterable[Mapping], out: BinaryIO, *, bom: bool = False) -> None:
    """Write the CSV verdict report to `out` as UTF-8 (with a byte-order mark when `bom`), in
    pieces of about FLUSH_CHARS: memory does not grow with the number of rows.

    Rows go straight to the csv module: the same cells as `csv_frame` after the guard, at
    about half of pandas' cost (100k claims must export in under 5 s on two cores).
    """
    buffer = io.StringIO()
    # CRLF as RFC 4180 says; it also makes the writer quote a cell holding a lone CR.
    writer = csv.writer(buffer, lineterminator="\r\n")
    out.write(codecs.BOM_UTF8 if bom else b"")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(_csv_record(row))
        if buffer.tell() > FLUSH_CHARS:
            _flush(buffer, out)
    _flush(buffer, out)


def _flush(buffer: io.StringIO, out: BinaryIO) -> None:
    out.write(buffer.getvalue().encode("utf-8"))
    buffer.seek(0)
    buffer.truncate()


def to_csv(rows: Iterable[Mapping], *, bom: bool = False) -> bytes:
    """Return the CSV verdict report as UTF-8 bytes (with a byte-order mark when `bom`)."""
    out = io.BytesIO()
    write_csv(rows, out, bom=bom)
    return out.getvalue()


# ClaimReview -------------------------------------------------------------------------------


def shorten(text: str, limit: int = CLAIM_REVIEWED_MAX) -> str:
    """Return `text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def review_rating(label: str) -> dict:
    """Return the ClaimReview `reviewRating` of a label (DESIGN.md §5)."""
    rating: dict = {"@type": "Rating"}
    if label in RATING_VALUES:
        rating.update(ratingValue=RATING_VALUES[label], bestRating=5, worstRating=1)
    rating["alternateName"] = DISPLAY_NAMES.get(label, label)
    return rating


def party(name: str) -> dict:
    """Return a schema.org Person or Organization for a claimant's name."""
    kind = "Organization" if _ORGANISATION_WORDS.search(name) else "Person"
    return {"@type": kind, "name": name}


def _item_reviewed(row: Mapping) -> dict:
    item: dict = {"@type": "Claim", "text": row["claim"]}
    author = row.get("claimant") or row.get("document_author")
    if author:
        item["author"] = party(author)
    if row.get("published"):
        item["datePublished"] = row["published"]
    if validate.is_web_url(row.get("source_url")):
        appearance = {"@type": "CreativeWork", "url": row["source_url"]}
        if row.get("document"):
            appearance["headline"] = row["document"]
        item["appearance"] = appearance
    return item


def claim_review(
    row: Mapping, *, org: str | None = None, url_for: Callable[[int], str] | None = None
) -> dict:
    """Return one ClaimReview object for a reviewed export row."""
    review: dict = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": str(row["claim_id"]),
        "url": (url_for or config.review_url)(row["claim_id"]),
        "claimReviewed": shorten(row["claim"]),
        "datePublished": row["reviewed_at"],
        "author": {"@type": "Organization", "name": org or config.org_name()},
        # Rating.author names the desk's reviewer, so that an import restores them.
        "reviewRating": {
            **review_rating(row["verdict"]),
            "author": {"@type": "Person", "name": row["reviewer"]},
        },
        "itemReviewed": _item_reviewed(row),
    }
    if row.get("rationale"):
        review["reviewBody"] = row["rationale"]
    # Addresses were checked where they entered; a database from before that check may still
    # hold a javascript: or data: address, and a published review never carries one.
    citations = [url for url in row.get("sources") or () if validate.is_web_url(url)]
    if citations:
        review["citation"] = citations
    return review


def write_claimreview(
    rows: Iterable[Mapping],
    out: BinaryIO,
    *,
    org: str | None = None,
    url_for: Callable[[int], str] | None = None,
) -> None:
    """Write a JSON array of ClaimReview objects to `out`, one per row that has a verdict and
    one compact line each: diffable, and json's fast C encoder (indent= is pure Python)."""
    out.write(b"[")
    separator = b"\n"
    for row in rows:
        if row.get("verdict"):
            out.write(separator + json_ld(claim_review(row, org=org, url_for=url_for)).encode())
            separator = b",\n"
    out.write(b"]\n" if separator == b"\n" else b"\n]\n")


def to_claimreview(
    rows: Iterable[Mapping], *, org: str | None = None, url_for: Callable[[int], str] | None = None
) -> bytes:
    """Return a JSON array of ClaimReview objects, one per row that has a verdict."""
    out = io.BytesIO()
    write_claimreview(rows, out, org=org, url_for=url_for)
    return out.getvalue()


# Inside <script type="application/ld+json"> a "</script>" or "<!--" in any value would end or
# bend the script; JSON allows the \u escapes, which read back as the same text.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def json_ld(obj: object) -> str:
    """Return `obj` as one line of JSON that is safe inside an HTML script element: every
    `<`, `>`, `&` (and U+2028/2029) escaped as \\u003c etc. (they only occur in strings)."""
    return json.dumps(obj, ensure_ascii=False).translate(_SCRIPT_SAFE)


def write(fmt: str, rows: Iterable[Mapping], out: BinaryIO, *, bom: bool = False) -> None:
    """Write the report of `rows` in one of FORMATS to `out`; raises ValueError for another."""
    if fmt == "csv":
        write_csv(rows, out, bom=bom)
    elif fmt == "claimreview":
        write_claimreview(rows, out)
    elif fmt == "markdown":
        write_markdown(rows, out)
    else:
        raise ValueError(f"{fmt}: not an export format (one of {', '.join(FORMATS)})")


def render(fmt: str, rows: Iterable[Mapping], *, bom: bool = False) -> bytes:
    """Return the report of `rows` in one of FORMATS; raises ValueError for another."""
    out = io.BytesIO()
    write(fmt, rows, out, bom=bom)
    return out.getvalue()
