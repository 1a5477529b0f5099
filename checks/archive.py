"""Read and validate archive files of earlier fact-checks: CSV, TSV, JSONL, ClaimReview JSON-LD
(also our own CSV and ClaimReview exports), all of a file before anything is written."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from checks import files, json_values, validate
from checks.archive_claimreview import claimreview_rows, is_claimreview
from checks.decode import decode, refuse_binary
from checks.errors import (
    EmptyDocument,
    MalformedArchive,
    quoted,
)
from checks.json_values import id_value, text_value
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
# Our CSV export's cells that start with these get a leading ' (against formula injection,
# and ' itself so that a value's own leading ' survives the round trip).
_GUARDED_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


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
    except (ValueError, RecursionError):
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
    data = files.read_limited(path, MAX_ARCHIVE_BYTES, what="archive file")
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
        data = json_values.loads(text, name)
        rows = [ArchiveRow(**fields) for fields in claimreview_rows(data, name)]
    if not rows:
        raise MalformedArchive(f"{name}: no claims found in the archive")
    _refuse_conflicting_ids(rows, name, "item" if fmt == "claimreview" else "line")
    return rows


def _refuse_conflicting_ids(rows: Sequence[ArchiveRow], name: str, unit: str) -> None:
    """Raise MalformedArchive when one id holds two different claims: keeping either would
    silently drop the other (an exact repeat of a row is harmless and skipped on import)."""
    first: dict[str, ArchiveRow] = {}
    for row in rows:
        if row.external_id is None:
            continue
        seen = first.setdefault(row.external_id, row)
        if seen is not row and replace(seen, line=0) != replace(row, line=0):
            raise MalformedArchive(
                f"{name}: id {quoted(row.external_id)} appears twice with different content "
                f"({unit}s {seen.line} and {row.line}); give each claim its own id"
            )


# CSV and TSV --------------------------------------------------------------------------------


def _table_rows(text: str, name: str, delimiter: str, columns: Columns) -> Iterator[ArchiveRow]:
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        _refuse_repeated_columns(header, name)
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
            line = reader.line_num
            yield _row_from_fields(fields, picks, f"{name}: line {line}", line, ours)
    except csv.Error as err:
        raise MalformedArchive(f"{name}: line {reader.line_num}: {err}") from None


def _refuse_repeated_columns(header: Sequence[str], name: str) -> None:
    """Raise MalformedArchive when a column name appears twice: one of the two would be lost."""
    seen: set[str] = set()
    for column in header:
        key = column.strip().lower()
        if key in seen and key:
            raise MalformedArchive(f"{name}: line 1: the column {column!r} appears twice")
        seen.add(key)


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
    """Strip the ' our CSV export puts before a cell that a spreadsheet would run as a formula
    or that starts with ' itself; nothing else, so a round trip gives back every value."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _GUARDED_STARTS:
        return cell[1:]
    return cell


def _row_from_fields(fields: dict, picks: dict, where: str, line: int, ours: bool) -> ArchiveRow:
    """Return the row of one CSV record or JSONL object; raises MalformedArchive for a JSON
    value of the wrong type. Our own exports keep every value exactly as written."""

    def get(column: str | None) -> str | None:
        if column is None:
            return None
        value = fields.get(column) if ours else text_value(fields, column, where)
        return (value or None) if ours else (value.strip() if value else None)

    rating = get(picks["verdict"])
    sources = tuple(s for s in (get("sources") or "").split("; ") if s) if ours else ()
    for url in sources:
        _check_url(url, where, "sources")
    return ArchiveRow(
        line=line,
        text=get(picks["text"]) or "",
        external_id=None
        if picks["external_id"] is None
        else id_value(fields, picks["external_id"], where),
        rating=rating,
        label=label_for_rating(rating),
        reviewer=get("reviewer") if ours else None,
        reviewed_at=get("reviewed_at") if ours else None,
        claimant=get("claimant"),
        title=get(picks["title"]),
        rationale=(get("rationale") or "") if ours else "",
        sources=sources,
    )


def _external_id(fields: dict, column: str | None, where: str) -> str | None:
    return None if column is None else id_value(fields, column, where)


def _check_url(url: object, where: str, field: str) -> str:
    """Return a URL from an archive; raises MalformedArchive unless it is http(s)."""
    if not validate.is_web_url(url):
        raise MalformedArchive(f"{where}: {field} {quoted(url)}: {validate.NOT_A_WEB_URL}")
    return str(url).strip()


# JSONL ---------------------------------------------------------------------------------------


def _jsonl_rows(text: str, name: str, columns: Columns) -> Iterator[ArchiveRow]:
    picks: dict | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}: line {number}"
        obj = json_values.loads(line, name, number)
        if not isinstance(obj, dict):
            raise MalformedArchive(f"{where}: not a JSON object")
        if is_claimreview(obj):
            rows = claimreview_rows(obj, name)
            yield from (ArchiveRow(**{**fields, "line": number}) for fields in rows)
            continue
        picks = picks or _pick_columns(list(obj), columns, name)
        if picks["text"] not in obj:
            raise MalformedArchive(f"{where}: no {picks['text']!r} field")
        yield _row_from_fields(obj, picks, where, number, ours=False)
