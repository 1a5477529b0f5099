"""Every SQL statement of Claimdesk, as named functions over a sqlite-utils Database.

The core (documents, claims, verdicts, embeddings, matches) is here; the queries of the review
page and dashboard, of exports, and of search and import live in db/review.py, db/exports.py
and db/archive.py, and are re-exported here so callers only ever use `store.NAME`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from sqlite_utils import Database

from checks.errors import InvalidValue, StaleClaim, UnknownClaim
from db.archive import (  # noqa: F401 - re-exported
    add_imported_verdicts,
    claim_vectors,
    claim_vectors_above,
    claims_without_matches,
    database_file,
    filter_claim_ids,
    has_matchable_claims,
    keyword_candidates,
    known_archive_rows,
    matchable_claims,
    search_rows,
)
from db.base import (  # noqa: F401 - re-exported
    BUSY_TIMEOUT_MS,
    QUEUE_COLUMNS,
    QUEUE_DEFAULTS,
    blob_to_vector,
    chunks,
    decode_claim,
    now,
    quantities_for_claims,
    queue_filters,
    vector_to_blob,
    write_transaction,
)
from db.exports import count_export_rows, export_reviewers, export_rows  # noqa: F401
from db.migrations import migrate
from db.review import (  # noqa: F401 - re-exported
    QueueKey,
    apply_verdict_to_matches,
    claim_context,
    claim_matches,
    document_progress,
    document_summaries,
    document_titles,
    kind_counts,
    label_counts,
    queue_key,
    queue_marker,
    review_queue,
    reviewer_activity,
    status_counts,
    verdicts_per_day,
)


def open_database(path: str | Path) -> Database:
    """Open (creating and migrating when needed) the database at `path`, WAL and FKs on."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    database = Database(conn)
    database.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    database.execute("PRAGMA foreign_keys = ON")
    database.enable_wal()
    database.execute("PRAGMA synchronous = NORMAL")
    migrate(database)
    return database


def backup(database: Database, target: str | Path) -> int:
    """Write a consistent snapshot of the database to `target` (VACUUM INTO, which reads in
    one transaction while other connections keep writing); returns its size in bytes.

    Raises InvalidValue when `target` exists or its folder does not.
    """
    target = Path(target)
    if target.exists():
        raise InvalidValue(f"{target}: already exists; choose a new backup file name")
    if not target.parent.is_dir():
        raise InvalidValue(f"{target}: folder {target.parent} does not exist")
    database.execute("VACUUM INTO ?", [str(target)])
    return target.stat().st_size


# Documents ---------------------------------------------------------------------------------


def document_by_hash(database: Database, sha256: str) -> dict | None:
    """Return the document with this content hash, or None."""
    rows = list(database.query("SELECT * FROM documents WHERE sha256 = ?", [sha256]))
    return rows[0] if rows else None


def get_document(database: Database, document_id: int) -> dict | None:
    """Return one document row, or None."""
    rows = list(database.query("SELECT * FROM documents WHERE id = ?", [document_id]))
    return rows[0] if rows else None


def list_documents(database: Database) -> list[dict]:
    """Return every document (no text) with its claim counts, newest first."""
    return list(
        database.query(
            """
            SELECT d.id, d.title, d.source_url, d.author, d.published_at, d.ingested_at,
                   d.original_name,
                   (SELECT count(*) FROM claims c WHERE c.document_id = d.id) AS claims,
                   (SELECT count(*) FROM claims c
                     WHERE c.document_id = d.id AND c.checkworthy) AS checkworthy,
                   (SELECT count(*) FROM claims c
                     WHERE c.document_id = d.id AND c.status = 'checked') AS checked
            FROM documents d ORDER BY d.id DESC
            """
        )
    )


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
    document_id = database.table("documents").insert(document).last_pk
    sentence_ids = []
    for idx, sentence in enumerate(sentences):
        row = {"document_id": document_id, "idx": idx, **sentence}
        sentence_ids.append(database.table("sentences").insert(row).last_pk)
    claim_ids = insert_claims(
        database,
        [
            {**c, "document_id": document_id, "sentence_id": sentence_ids[c["sentence"]]}
            for c in claims
        ],
    )
    add_matches(database, [{**m, "claim_id": claim_ids[m["claim"]]} for m in matches])
    return document_id, claim_ids


def insert_claims(database: Database, claims: Sequence[dict]) -> list[int]:
    """Insert claims (each with a `quantities` list) and return their ids, in order."""
    created = now()
    ids = []
    for claim in claims:
        row = {k: v for k, v in claim.items() if k not in ("quantities", "sentence")}
        row["reasons"] = json.dumps(list(row.get("reasons", [])))
        row["checkworthy"] = int(bool(row.get("checkworthy", False)))
        row.setdefault("created_at", created)
        claim_id = database.table("claims").insert(row).last_pk
        ids.append(claim_id)
        quantities = [{**q, "claim_id": claim_id} for q in claim.get("quantities", [])]
        if quantities:
            database.table("quantities").insert_all(quantities)
    return ids


def document_sentences(database: Database, document_id: int) -> list[dict]:
    """Return a document's sentences in order."""
    return list(
        database.query(
            'SELECT id, idx, start, "end" FROM sentences WHERE document_id = ? ORDER BY idx',
            [document_id],
        )
    )


# Claims ------------------------------------------------------------------------------------
def claims_for_review(
    database: Database,
    *,
    document_id: int | None = None,
    status: str | None = "new",
    kind: str | None = None,
    min_score: float | None = None,
    checkworthy_only: bool = True,
    has_quantities: bool | None = None,
    has_matches: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict]:
    """Return a page of document claims, check-worthy and highest score first."""
    where, params = queue_filters(
        document_id, status, kind, min_score, checkworthy_only, has_quantities, has_matches
    )
    sql = f"""
        SELECT {QUEUE_COLUMNS} FROM claims c LEFT JOIN documents d ON d.id = c.document_id
        WHERE {where} ORDER BY c.checkworthy DESC, c.score DESC, c.id LIMIT ? OFFSET ?
    """
    return [decode_claim(r) for r in database.query(sql, [*params, limit, offset])]


def count_claims_for_review(database: Database, **filters: object) -> int:
    """Return how many claims `claims_for_review` would page through with these filters."""
    where, params = queue_filters(**{**QUEUE_DEFAULTS, **filters})
    sql = f"SELECT count(*) AS n FROM claims c WHERE {where}"
    return next(database.query(sql, params))["n"]


def get_claim(database: Database, claim_id: int) -> dict:
    """Return a claim with its document's title and URL; raises UnknownClaim."""
    rows = list(
        database.query(
            """
            SELECT c.*, d.title AS document_title, d.source_url, d.published_at,
                   d.author AS document_author
            FROM claims c LEFT JOIN documents d ON d.id = c.document_id WHERE c.id = ?
            """,
            [claim_id],
        )
    )
    if not rows:
        raise UnknownClaim(f"claim {claim_id}: no such claim")
    return decode_claim(rows[0])


def claim_quantities(database: Database, claim_id: int) -> list[dict]:
    """Return a claim's quantities in text order."""
    return list(
        database.query("SELECT * FROM quantities WHERE claim_id = ? ORDER BY start, id", [claim_id])
    )


def record_verdict(
    database: Database,
    claim_id: int,
    *,
    reviewer: str,
    label: str,
    rationale: str = "",
    sources: Sequence[str] = (),
    confidence: float | None = None,
    seconds_spent: float | None = None,
    expected_version: int | None = None,
    origin: str = "review",
    original_rating: str | None = None,
    created_at: str | None = None,
) -> dict:
    """Append a verdict row and bump the claim's version, in one transaction.

    Returns the new verdict with the claim's new `version`. Raises UnknownClaim, and
    StaleClaim (carrying the current verdict) when `expected_version` is not the claim's.
    """
    with write_transaction(database):
        rows = list(database.query("SELECT version, demo FROM claims WHERE id = ?", [claim_id]))
        if not rows:
            raise UnknownClaim(f"claim {claim_id}: no such claim")
        version = rows[0]["version"]
        if expected_version is not None and version != expected_version:
            raise StaleClaim(
                f"claim {claim_id}: it has a newer verdict (version {version}, "
                f"you opened version {expected_version})",
                current=current_verdict(database, claim_id),
            )
        verdict = {
            "claim_id": claim_id,
            "reviewer": reviewer,
            "label": label,
            "rationale": rationale or "",
            "sources": json.dumps(list(sources)),
            "confidence": confidence,
            "created_at": created_at or now(),
            "seconds_spent": seconds_spent,
            "origin": origin,
            "original_rating": original_rating,
        }
        # A verdict on a demo claim is demo too: it goes when the demo is removed.
        marked = {**verdict, "demo": rows[0]["demo"]}
        verdict_id = database.table("verdicts").insert(marked).last_pk
        database.execute(
            "UPDATE claims SET version = version + 1, status = 'checked' WHERE id = ?",
            [claim_id],
        )
    return {**verdict, "id": verdict_id, "sources": list(sources), "version": version + 1}


def _decode_verdict(row: dict) -> dict:
    return {**row, "sources": json.loads(row["sources"] or "[]")}


def current_verdict(database: Database, claim_id: int) -> dict | None:
    """Return the latest verdict of a claim, or None."""
    rows = list(
        database.query(
            "SELECT * FROM verdicts WHERE claim_id = ? ORDER BY id DESC LIMIT 1", [claim_id]
        )
    )
    return _decode_verdict(rows[0]) if rows else None


def verdict_history(database: Database, claim_id: int) -> list[dict]:
    """Return every verdict of a claim, newest first."""
    rows = database.query("SELECT * FROM verdicts WHERE claim_id = ? ORDER BY id DESC", [claim_id])
    return [_decode_verdict(r) for r in rows]


# Embeddings --------------------------------------------------------------------------------


def missing_embeddings(database: Database, model: str, hashes: Iterable[str]) -> set[str]:
    """Return the content hashes among `hashes` that have no embedding for `model`."""
    wanted = set(hashes)
    found: set[str] = set()
    for chunk in chunks(sorted(wanted), 500):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT content_hash FROM embeddings WHERE model = ? AND content_hash IN ({marks})"
        found.update(r["content_hash"] for r in database.query(sql, [model, *chunk]))
    return wanted - found


def put_embeddings(database: Database, model: str, vectors: dict[str, np.ndarray]) -> None:
    """Store vectors keyed by content hash for `model` (existing ones are kept)."""
    database.conn.executemany(
        "INSERT OR IGNORE INTO embeddings (model, content_hash, vector) VALUES (?, ?, ?)",
        [(model, h, vector_to_blob(v)) for h, v in vectors.items()],
    )


def get_embeddings(database: Database, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
    """Return the stored vectors of `model` for these content hashes."""
    out: dict[str, np.ndarray] = {}
    for chunk in chunks(sorted(set(hashes)), 500):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT content_hash, vector FROM embeddings "
            f"WHERE model = ? AND content_hash IN ({marks})"
        )
        for row in database.query(sql, [model, *chunk]):
            out[row["content_hash"]] = blob_to_vector(row["vector"])
    return out


# Matches -----------------------------------------------------------------------------------


def add_matches(database: Database, matches: Sequence[dict]) -> None:
    """Store matches (claim_id, matched_claim_id, similarity, level, numbers); keeps existing."""
    database.conn.executemany(
        "INSERT OR IGNORE INTO matches (claim_id, matched_claim_id, similarity, level, numbers) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (m["claim_id"], m["matched_claim_id"], m["similarity"], m["level"], m["numbers"])
            for m in matches
        ],
    )


def matches_for_claim(database: Database, claim_id: int) -> list[dict]:
    """Return a claim's matches with the matched claim's text and current verdict label."""
    return list(
        database.query(
            """
            SELECT m.matched_claim_id, m.similarity, m.level, m.numbers, c.text, c.archive,
                   c.external_id, c.review_url, c.document_id,
                   (SELECT label FROM verdicts v WHERE v.claim_id = c.id
                     ORDER BY v.id DESC LIMIT 1) AS verdict
            FROM matches m JOIN claims c ON c.id = m.matched_claim_id
            WHERE m.claim_id = ? ORDER BY m.similarity DESC
            """,
            [claim_id],
        )
    )


def document_claim_texts(database: Database, document_id: int) -> list[dict]:
    """Return a document's claims as (id, text, content_hash) rows, in text order."""
    return list(
        database.query(
            "SELECT id, text, content_hash FROM claims WHERE document_id = ? ORDER BY start",
            [document_id],
        )
    )


def count_documents(database: Database) -> int:
    """Return how many documents the database holds."""
    return next(database.query("SELECT count(*) AS n FROM documents"))["n"]


def first_claim_containing(database: Database, fragment: str) -> int | None:
    """Return the id of the first document claim whose text contains `fragment`, or None."""
    rows = list(
        database.query(
            "SELECT id FROM claims WHERE instr(text, ?) > 0 AND document_id IS NOT NULL "
            "ORDER BY id LIMIT 1",
            [fragment],
        )
    )
    return rows[0]["id"] if rows else None
