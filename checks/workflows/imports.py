"""Importing an archive of earlier fact-checks: validate the whole file, then add its new
claims in batches with their embeddings and verdicts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlite_utils import Database

import db.claims
import db.connection
import db.vectors
import db.verdicts
from checks import config
from checks.archive import ArchiveRow, Columns, read_archive
from checks.claim_kinds import classify
from checks.embed import Embedder, content_hash
from checks.errors import ArchiveClash, InvalidValue, quoted
from checks.quantities import find_quantities

Progress = Callable[[str, int, int], None]
IMPORT_BATCH = 512


@dataclass
class ImportResult:
    """What importing one archive file did."""

    archive: str
    rows: int
    added: int = 0
    skipped: int = 0
    verdicts: int = 0


def import_archive(
    database: Database,
    path: str | Path,
    embedder: Embedder,
    *,
    fmt: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    verdict_column: str | None = None,
    title_column: str | None = None,
    progress: Progress | None = None,
    archive: str | None = None,
) -> ImportResult:
    """Validate a whole archive file, then add its new claims in batches with embeddings (of
    their titles too) and verdicts. Rows already present (same archive and external id, else
    same text) are skipped, so a re-run after an interruption resumes, and a parallel import
    of the same file adds nothing twice. The archive is `archive`, else named from the file's
    content.

    Raises MalformedArchive and the read errors, and ArchiveClash when the archive already
    holds one of the file's ids with another claim (nothing is written then).
    """
    rows = read_archive(path, fmt, Columns(text_column, id_column, verdict_column, title_column))
    archive = validate_archive_name(archive) if archive else content_name(path, rows)
    todo, skipped = _new_rows(database, archive, rows, path)
    result = ImportResult(archive=archive, rows=len(rows), skipped=skipped)
    for begin in range(0, len(todo), IMPORT_BATCH):
        batch = todo[begin : begin + IMPORT_BATCH]
        added, verdicts = _import_batch(database, archive, batch, embedder, path)
        result.added += added
        result.skipped += len(batch) - added
        result.verdicts += verdicts
        if progress:
            progress("import", begin + len(batch), len(todo))
        config.fault("import")
    return result


def content_name(path: str | Path, rows: Sequence[ArchiveRow]) -> str:
    """Return the default archive name: the file's stem and a digest of its claims (ids and
    texts), so two different files of one name are two archives and a re-run is the same."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(f"{row.external_id}\x1e{row.text}\x1f".encode())
    return f"{Path(path).stem}-{digest.hexdigest()[:10]}"


def validate_archive_name(name: str) -> str:
    """Return an archive name given by the user; raises InvalidValue when it is blank."""
    if not name.strip():
        raise InvalidValue("--archive: the archive name is empty")
    return name.strip()


def _new_rows(
    database: Database, archive: str, rows: Sequence[ArchiveRow], path: str | Path
) -> tuple[list[ArchiveRow], int]:
    """Return the rows to add (not yet stored, first of duplicates in the file) and how many
    are not; raises ArchiveClash for an id the archive holds with another claim."""
    ids, hashes = db.claims.known_archive_rows(
        database,
        archive,
        [r.external_id for r in rows if r.external_id],
        [content_hash(r.text) for r in rows if not r.external_id],
    )
    clashes = [
        r for r in rows if r.external_id in ids and ids[r.external_id] != content_hash(r.text)
    ]
    if clashes:
        first = quoted(clashes[0].external_id)
        raise ArchiveClash(
            f"{quoted(path)}: archive {archive!r} already holds id {first} with a different "
            f"claim ({len(clashes)} such ids); import it under another --archive name"
        )
    seen: set[str] = set(ids) | hashes
    todo = []
    for row in rows:
        key = row.external_id or content_hash(row.text)
        if not row.text or key in seen:
            continue
        seen.add(key)
        todo.append(row)
    return todo, len(rows) - len(todo)


def _import_batch(
    database: Database,
    archive: str,
    batch: Sequence[ArchiveRow],
    embedder: Embedder,
    path: str | Path,
) -> tuple[int, int]:
    """Embed and write one batch in one transaction; return how many claims and verdicts it
    added. Rows are checked again under the write lock, so a parallel import of the same
    archive that stored them first makes them skipped, never duplicated."""
    by_hash = {content_hash(t): t for r in batch for t in (r.text, r.title) if t}
    missing = sorted(db.vectors.missing_embeddings(database, embedder.model_id, by_hash))
    vectors = embedder.embed([by_hash[h] for h in missing]) if missing else np.zeros((0, 0))
    with db.connection.write_transaction(database):
        db.connection.lock_key(database, f"archive {archive}")  # PostgreSQL: rows lock only
        batch, _ = _new_rows(database, archive, batch, path)
        fresh = dict(zip(missing, vectors, strict=True))
        db.vectors.put_embeddings(database, embedder.model_id, fresh)
        claim_ids = db.claims.insert_claims(database, [_claim_row(archive, r) for r in batch])
        verdicts = [
            _verdict_row(i, r, archive) for i, r in zip(claim_ids, batch, strict=True) if r.label
        ]
        db.verdicts.add_imported_verdicts(database, verdicts)
    return len(batch), len(verdicts)


def _claim_row(archive: str, row: ArchiveRow) -> dict:
    quantities = find_quantities(row.text)
    kind, reasons = classify(row.text, quantities, None)
    return {
        "document_id": None,
        "start": 0,
        "end": len(row.text),
        "text": row.text,
        "kind": kind,
        "score": 1.0,
        "checkworthy": True,
        "reasons": reasons,
        "claimant": row.claimant,
        "archive": archive,
        "external_id": row.external_id,
        "review_url": row.review_url,
        "content_hash": content_hash(row.text),
        "title": row.title,
        "title_hash": content_hash(row.title) if row.title else None,
        "quantities": [q.to_dict() for q in quantities],
    }


def _verdict_row(claim_id: int, row: ArchiveRow, archive: str) -> dict:
    return {
        "claim_id": claim_id,
        "reviewer": row.reviewer or archive,
        "label": row.label,
        "rationale": row.rationale,
        "sources": list(row.sources),
        "created_at": row.reviewed_at or db.connection.now(),
        "original_rating": row.rating,
    }
