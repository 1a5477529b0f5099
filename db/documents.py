"""SQL of the documents table: find, list, count and add documents (with their sentences)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

import db.claims
import db.matches
from db.connection import insert, insert_rows, lock_key


def document_by_hash(database: Database, sha256: str) -> dict | None:
    """Return the document with this content hash, or None."""
    rows = list(database.query("SELECT * FROM documents WHERE sha256 = ?", [sha256]))
    return rows[0] if rows else None


def document_by_hash_to_write(database: Database, sha256: str) -> dict | None:
    """Inside a write transaction: return the document with this content hash, or None; in
    the second case no other writer gets past this call with the same hash until the
    transaction ends, so adding it cannot clash with a parallel ingest."""
    lock_key(database, f"documents.sha256 {sha256}")
    return document_by_hash(database, sha256)


def get_document(database: Database, document_id: int) -> dict | None:
    """Return one document row, or None."""
    rows = list(database.query("SELECT * FROM documents WHERE id = ?", [document_id]))
    return rows[0] if rows else None


def count_documents(database: Database) -> int:
    """Return how many documents the database holds."""
    return next(database.query("SELECT count(*) AS n FROM documents"))["n"]


def list_documents(database: Database) -> list[dict]:
    """Return every document (no text) with its claim counts, newest first."""
    return list(
        database.query(
            """
            SELECT d.id, d.title, d.source_url, d.author, d.published_at, d.ingested_at,
                   d.original_name,
                   (SELECT count(*) FROM claims c WHERE c.document_id = d.id) AS claims,
                   (SELECT count(*) FROM claims c
                     WHERE c.document_id = d.id AND c.checkworthy = 1) AS checkworthy,
                   (SELECT count(*) FROM claims c
                     WHERE c.document_id = d.id AND c.status = 'checked') AS checked
            FROM documents d ORDER BY d.id DESC
            """
        )
    )


def document_summaries(database: Database, document_id: int | None = None) -> list[dict]:
    """Return per document (or the one given), newest first: id, title, published, claims,
    check-worthy claims and reviewed claims (those with a verdict), and whether it is demo."""
    where, args = ("WHERE d.id = ?", [document_id]) if document_id is not None else ("", [])
    return list(
        database.query(
            f"""
            SELECT d.id, d.title, d.published_at AS published, count(c.id) AS claims,
                   coalesce(sum(c.checkworthy), 0) AS checkworthy,
                   coalesce(sum(CASE WHEN c.status = 'checked' THEN 1 ELSE 0 END), 0) AS reviewed,
                   d.demo
            FROM documents d LEFT JOIN claims c ON c.document_id = d.id {where}
            GROUP BY d.id ORDER BY d.id DESC
            """,
            args,
        )
    )


def document_titles(database: Database) -> list[dict]:
    """Return (id, title) of every document, newest first (for filters)."""
    return list(database.query("SELECT id, title FROM documents ORDER BY id DESC"))


def add_document(
    database: Database,
    document: dict,
    sentences: Sequence[dict],
    claims: Sequence[dict],
    matches: Sequence[dict] = (),
) -> tuple[int, list[int]]:
    """Insert a document with its sentences, claims (each with `quantities`) and matches.

    Runs inside the caller's transaction. `claims[i]["sentence"]` is an index into `sentences`;
    `matches[j]["claim"]` an index into `claims`. Returns the document id and the claim ids.
    """
    document_id = insert(database, "documents", document)
    sentence_ids = insert_rows(
        database,
        "sentences",
        [{"document_id": document_id, "idx": idx, **s} for idx, s in enumerate(sentences)],
    )
    claim_ids = db.claims.insert_claims(
        database,
        [
            {**c, "document_id": document_id, "sentence_id": sentence_ids[c["sentence"]]}
            for c in claims
        ],
    )
    db.matches.add_matches(database, [{**m, "claim_id": claim_ids[m["claim"]]} for m in matches])
    return document_id, claim_ids
