"""Verdict reports: validated export filters, export rows for the page's preview, and whole
reports as CSV, ClaimReview or Markdown bytes."""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence
from typing import BinaryIO

from sqlite_utils import Database

import db.documents
import db.exports
from checks import export, validate
from checks.errors import InvalidValue


def export_rows(
    database: Database,
    *,
    document_id: int | Sequence[int] | None = None,
    label: str | Sequence[str] | None = None,
    reviewer: str | Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    hidden: Collection[int] = (),
    include_all: bool = False,
    include_demo: bool = False,
    limit: int | None = None,
) -> list[dict]:
    """Return the export rows for these filters (each one value or several; the demo only
    with `include_demo`); raises UnknownLabel, InvalidValue (a bad date, an unknown document).
    `hidden` claims (a reviewer's blind second reviews) are left out."""
    return db.exports.export_rows(
        database,
        **_export_filters(database, document_id, label, reviewer, since, until),
        hidden=tuple(sorted(hidden)),
        include_all=include_all,
        include_demo=include_demo,
        limit=limit,
    )


def export_count(
    database: Database,
    *,
    document_id: int | Sequence[int] | None = None,
    label: str | Sequence[str] | None = None,
    reviewer: str | Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    hidden: Collection[int] = (),
    include_all: bool = False,
    include_demo: bool = False,
) -> int:
    """Return how many rows `export_rows` gives for these filters; raises as it does."""
    filters = _export_filters(database, document_id, label, reviewer, since, until)
    return db.exports.count_export_rows(
        database,
        include_all=include_all,
        include_demo=include_demo,
        hidden=tuple(sorted(hidden)),
        **filters,
    )


def export_report(database: Database, fmt: str, **options) -> bytes:
    """Return the verdict report in `fmt` (csv, claimreview, markdown) as bytes, with the
    filters and options `write_report` takes; raises InvalidValue, UnknownLabel."""
    out = io.BytesIO()
    write_report(database, fmt, out, **options)
    return out.getvalue()


def write_report(
    database: Database,
    fmt: str,
    out: BinaryIO,
    *,
    document_id: int | Sequence[int] | None = None,
    label: str | Sequence[str] | None = None,
    reviewer: str | Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    hidden: Collection[int] = (),
    include_all: bool = False,
    include_demo: bool = False,
    bom: bool = False,
) -> None:
    """Write the verdict report in `fmt` to `out` as it is read, in constant memory; raises
    InvalidValue, UnknownLabel before anything is written."""
    if fmt not in export.FORMATS:
        formats = ", ".join(export.FORMATS)
        raise InvalidValue(f"{fmt}: not an export format (one of {formats})", "format")
    rows = db.exports.iter_export_rows(
        database,
        **_export_filters(database, document_id, label, reviewer, since, until),
        hidden=tuple(sorted(hidden)),
        include_all=include_all,
        include_demo=include_demo,
    )
    try:
        export.write(fmt, rows, out, bom=bom)
    finally:
        rows.close()


def _as_tuple(value: object) -> tuple:
    if value is None or value == "":
        return ()
    if isinstance(value, str | int):
        return (value,)
    return tuple(value)  # type: ignore[arg-type]


def existing_document(database: Database, value: object) -> int:
    """Return a document id filter when that document exists; raises InvalidValue (not an
    id, beyond 64 bits, or no such document). Export and search check it the same way."""
    number = validate.row_id(value, "document")
    if db.documents.get_document(database, number) is None:
        raise InvalidValue(f"{number}: no such document", "document")
    return number


def _export_filters(
    database: Database,
    document_id: object,
    label: object,
    reviewer: object,
    since: str | None,
    until: str | None,
) -> dict:
    """Return validated store filters: known labels and documents, ISO dates in order."""
    labels = validate.labels(_as_tuple(label))
    document_ids = tuple(existing_document(database, n) for n in _as_tuple(document_id))
    since, until = validate.date_range(since, until)
    return {
        "document_ids": document_ids,
        "labels": labels,
        "reviewers": _as_tuple(reviewer),
        "since": since,
        "until": until,
    }
