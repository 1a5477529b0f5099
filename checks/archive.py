"""Read and validate archive files of earlier fact-checks: CSV, TSV, JSONL, ClaimReview JSON-LD
(also our own CSV and ClaimReview exports), all of a file before anything is written."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from checks.decode import decode, refuse_binary
from checks.errors import DocumentTooLarge, EmptyDocument, MalformedArchive, UnreadableDocument
from checks.ratings import label_for_rating

# About 250,000 claims of a typical fact-check archive; checked before the file is read.
MAX_ARCHIVE_BYTES = 50_000_000

FORMATS = ("csv", "tsv", "jsonl", "claimreview")
MAX_FIELD = 1_000_000

# Column names tried, in order, when the user names none (case-insensitive). "" is the nameless
# first column of pandas-written files such as CLEF's verified_claims.docs.tsv.
TEXT_COLUMNS = ("claim", "text", "vclaim", "claim_text", "claimreviewed", "statement", "sentence")
ID_COLUMNS = ("claim_id", "id", "external_id", "identifier", "")
VERDICT_COLUMNS = ("verdict", "rating", "label", "textualrating", "truthfulness", "ruling")
# Our CSV export's cells that start with these get a leading ' against formula injection.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ArchiveRow:
    """One earlier fact-check: the claim text, its id in the archive and the verdict, if any."""

    line: int
    text: str
    external_id: str | None = None
    rating: str | None = None
    label: str | None = None
    reviewer: str | None = None
    reviewed_at: str | None = None
    review_url: str | None = None
    claimant: str | None = None
    title: str | None = None  # the fact-check's headline, when the archive has one
    rationale: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Columns:
    """Which columns hold the text, the id, the verdict and the title (None: guess the first
    three from the header; a title is only read from a column the user names)."""

    text: str | None = None
    external_id: str | None = None
    verdict: str | None = None
    title: str | None = None


def detect_format(path: str | Path, text: str) -> str:
    """Return the format of an archive from its file name, else from its first character."""
    suffix = Path(path).suffix.lower()
    by_suffix = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    stripped = text.lstrip()
    if stripped.startswith("[") or (suffix in (".json", ".jsonld") and stripped.startswith("{")):
        return "claimreview"
    if stripped.startswith("{"):
        first = stripped.split("\n", 1)[0]
        return "jsonl" if _is_json(first) else "claimreview"
    return "tsv" if "\t" in stripped.split("\n", 1)[0] else "csv"


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def read_archive(
    path: str | Path, fmt: str | None = None, columns: Columns | None = None
) -> list[ArchiveRow]:
    """Return every row of an archive file, validated as a whole.

    Raises UnreadableDocument (missing, binary or undecodable file), DocumentTooLarge,
    EmptyDocument and MalformedArchive (naming the file and the line, or the missing column).
    """
    path = Path(path)
    if path.is_dir():
        raise UnreadableDocument(f"{path}: is a directory, not an archive file")
    if not path.is_file():
        raise UnreadableDocument(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise DocumentTooLarge(
            f"{path}: {size / 1e6:.0f} MB is over the archive size limit of "
            f"{MAX_ARCHIVE_BYTES // 1_000_000} MB (split it into several files)"
        )
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocument(f"{path}: the archive is empty")
    refuse_binary(data, str(path))
    text = decode(data, str(path))
    return parse_archive(text, str(path), fmt, columns)


def parse_archive(
    text: str, name: str, fmt: str | None = None, columns: Columns | None = None
) -> list[ArchiveRow]:
    """Return the rows of an archive held in `text` (`name` is shown in messages)."""
    fmt = fmt or detect_format(name, text)
    if fmt not in FORMATS:
        raise MalformedArchive(f"{name}: unknown archive format {fmt!r} (one of {FORMATS})")
    columns = columns or Columns()
    if fmt in ("csv", "tsv"):
        rows = list(_table_rows(text, name, "\t" if fmt == "tsv" else ",", columns))
    elif fmt == "jsonl":
        rows = list(_jsonl_rows(text, name, columns))
    else:
        rows = list(_claimreview_rows(_load_json(text, name), name))
    if not rows:
        raise MalformedArchive(f"{name}: no claims found in the archive")
    return rows


# CSV and TSV --------------------------------------------------------------------------------


def _table_rows(text: str, name: str, delimiter: str, columns: Columns) -> Iterator[ArchiveRow]:
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        picks = _pick_columns(header, columns, name)
        ours = _is_our_export(header)
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise MalformedArchive(
                    f"{name}: line {reader.line_num}: {len(record)} fields, "
                    f"the header has {len(header)}"
                )
            fields = dict(zip(header, record, strict=True))
            if ours:
                fields = {k: _unescape(v) for k, v in fields.items()}
            yield _row_from_fields(fields, picks, reader.line_num, ours)
    except csv.Error as err:
        raise MalformedArchive(f"{name}: line {reader.line_num}: {err}") from None


def _pick_columns(header: Sequence[str], columns: Columns, name: str) -> dict[str, str | None]:
    """Return the header names holding text, id and verdict; raises MalformedArchive."""
    if not header or not any(h.strip() for h in header):
        raise MalformedArchive(f"{name}: line 1: no header row")
    text = _find_column(header, columns.text, TEXT_COLUMNS, name, "--text-column")
    if text is None:
        raise MalformedArchive(
            f"{name}: no claim text column (looked for {', '.join(TEXT_COLUMNS)}; "
            f"name it with --text-column)"
        )
    return {
        "text": text,
        "external_id": _find_column(header, columns.external_id, ID_COLUMNS, name, "--id-column"),
        "verdict": _find_column(header, columns.verdict, VERDICT_COLUMNS, name, "--verdict-column"),
        "title": _find_column(header, columns.title, (), name, "--title-column"),
    }


def _find_column(
    header: Sequence[str], wanted: str | None, guesses: Sequence[str], name: str, flag: str
) -> str | None:
    if wanted is not None:
        if wanted not in header:
            raise MalformedArchive(f"{name}: {flag} {wanted!r}: no such column in the header")
        return wanted
    lowered = {h.strip().lower(): h for h in header}
    for guess in guesses:
        if guess in lowered and (guess or header[0] == lowered[guess]):
            return lowered[guess]
    return None


def _is_our_export(header: Sequence[str]) -> bool:
    return list(header[:3]) == ["claim_id", "claim", "kind"] and "earlier_verdicts" in header


def _unescape(cell: str) -> str:
    """Strip the ' our CSV export puts before cells that a spreadsheet would run as formulas."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _FORMULA_STARTS:
        return cell[1:]
    return cell


def _row_from_fields(fields: dict, picks: dict, line: int, ours: bool = False) -> ArchiveRow:
    def get(column: str | None) -> str | None:
        value = fields.get(column) if column is not None else None
        value = value.strip() if isinstance(value, str) else value
        return str(value) if value not in (None, "") else None

    rating = get(picks["verdict"])
    return ArchiveRow(
        line=line,
        text=get(picks["text"]) or "",
        external_id=get(picks["external_id"]),
        rating=rating,
        label=label_for_rating(rating),
        reviewer=get("reviewer") if ours else None,
        reviewed_at=get("reviewed_at") if ours else None,
        claimant=get("claimant"),
        title=get(picks["title"]),
        rationale=(get("rationale") or "") if ours else "",
        sources=tuple(s for s in (get("sources") or "").split("; ") if s) if ours else (),
    )


# JSONL ---------------------------------------------------------------------------------------


def _jsonl_rows(text: str, name: str, columns: Columns) -> Iterator[ArchiveRow]:
    picks: dict | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise MalformedArchive(
                f"{name}: line {number}, column {err.colno}: {err.msg}"
            ) from None
        if not isinstance(obj, dict):
            raise MalformedArchive(f"{name}: line {number}: not a JSON object")
        if _is_claimreview(obj):
            yield from (_replace_line(r, number) for r in _claimreview_rows(obj, name))
            continue
        picks = picks or _pick_columns(list(obj), columns, name)
        if picks["text"] not in obj:
            raise MalformedArchive(f"{name}: line {number}: no {picks['text']!r} field")
        yield _row_from_fields(obj, picks, number)


def _replace_line(row: ArchiveRow, line: int) -> ArchiveRow:
    from dataclasses import replace

    return replace(row, line=line)


# ClaimReview JSON-LD -------------------------------------------------------------------------


def _load_json(text: str, name: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise MalformedArchive(
            f"{name}: line {err.lineno}, column {err.colno}: {err.msg}"
        ) from None


def _is_claimreview(obj: dict) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds or "claimReviewed" in obj


def _claimreview_rows(data: object, name: str) -> Iterator[ArchiveRow]:
    """Yield the reviews of a single ClaimReview object, a list of them, or a page's @graph."""
    if isinstance(data, dict) and "@graph" in data:
        data = data["@graph"]
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise MalformedArchive(f"{name}: item {number}: not a JSON object")
        if not _is_claimreview(item):
            continue  # a page's @graph also holds its WebPage, Organization, ...
        text = item.get("claimReviewed")
        if not isinstance(text, str) or not text.strip():
            raise MalformedArchive(f"{name}: item {number}: ClaimReview without claimReviewed")
        yield _review_row(item, number)


def _review_row(item: dict, number: int) -> ArchiveRow:
    rating = item.get("reviewRating") if isinstance(item.get("reviewRating"), dict) else {}
    words = rating.get("alternateName") or rating.get("name")
    label = label_for_rating(words, rating.get("ratingValue"), rating.get("bestRating"))
    reviewed = item.get("itemReviewed") if isinstance(item.get("itemReviewed"), dict) else {}
    url = item.get("url") or item.get("@id")
    return ArchiveRow(
        line=number,
        text=_full_text(item["claimReviewed"], reviewed.get("text")),
        external_id=str(item.get("identifier") or url or "") or None,
        rating=str(words) if words else None,
        label=label,
        reviewer=_name(item.get("reviewer")) or _name(rating.get("author")),
        reviewed_at=item.get("datePublished") or item.get("dateModified"),
        review_url=url if isinstance(url, str) else None,
        claimant=_name(reviewed.get("author")),
        title=str(item["headline"]).strip() or None
        if isinstance(item.get("headline"), str)
        else None,
        rationale=str(item.get("reviewBody") or item.get("description") or ""),
        sources=tuple(s for s in _list(item.get("citation")) if isinstance(s, str)),
    )


def _full_text(claim_reviewed: str, item_text: object) -> str:
    """Return the claim's full text: publishers (our export too) shorten `claimReviewed` with
    an ellipsis and keep the whole claim in `itemReviewed.text`."""
    short = claim_reviewed.strip()
    stem = " ".join(short.rstrip("…").rstrip(". ").split())
    if isinstance(item_text, str) and " ".join(item_text.split()).startswith(stem):
        return item_text.strip()
    return short


def _name(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return str(value) if value else None


def _list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
