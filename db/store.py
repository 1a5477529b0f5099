"""Every SQL statement of Claimdesk, as named functions over a sqlite-utils Database."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlite_utils import Database

from checks.errors import InvalidValue, StaleClaim, UnknownClaim
from db.migrations import migrate

BUSY_TIMEOUT_MS = 15_000


def now() -> str:
    """Return the current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


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


@contextlib.contextmanager
def write_transaction(database: Database) -> Iterator[Database]:
    """Run the block in one IMMEDIATE transaction: all of it is written, or none.

    IMMEDIATE takes the write lock at the start, so concurrent writers wait on busy_timeout
    instead of failing with "database is locked" when a read turns into a write.
    """
    database.conn.execute("BEGIN IMMEDIATE")
    try:
        yield database
    except BaseException:
        database.rollback()
        raise
    database.conn.execute("COMMIT")


def vector_to_blob(vector: np.ndarray) -> bytes:
    """Return a vector as a little-endian float32 BLOB."""
    return np.asarray(vector, dtype="<f4").tobytes()


def blob_to_vector(blob: bytes) -> np.ndarray:
    """Return the float32 vector stored in a BLOB."""
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


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

_QUEUE_COLUMNS = """
    c.id, c.document_id, c.start, c."end", c.text, c.kind, c.score, c.checkworthy,
    c.reasons, c.claimant, c.status, c.archive, c.external_id, c.version, c.created_at,
    d.title AS document_title
"""


def _queue_filters(
    document_id: int | None,
    status: str | None,
    kind: str | None,
    min_score: float | None,
    checkworthy_only: bool,
    has_quantities: bool | None,
    has_matches: bool | None,
) -> tuple[str, list]:
    where, params = ["c.document_id IS NOT NULL"], []
    if document_id is not None:
        where.append("c.document_id = ?")
        params.append(document_id)
    if status:
        where.append("c.status = ?")
        params.append(status)
    if kind:
        where.append("c.kind = ?")
        params.append(kind)
    if min_score is not None:
        where.append("c.score >= ?")
        params.append(min_score)
    if checkworthy_only:
        where.append("c.checkworthy = 1")
    if has_quantities is not None:
        neg = "" if has_quantities else "NOT "
        where.append(f"{neg}EXISTS (SELECT 1 FROM quantities q WHERE q.claim_id = c.id)")
    if has_matches is not None:
        neg = "" if has_matches else "NOT "
        where.append(f"{neg}EXISTS (SELECT 1 FROM matches m WHERE m.claim_id = c.id)")
    return " AND ".join(where), params


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
    where, params = _queue_filters(
        document_id, status, kind, min_score, checkworthy_only, has_quantities, has_matches
    )
    sql = f"""
        SELECT {_QUEUE_COLUMNS} FROM claims c LEFT JOIN documents d ON d.id = c.document_id
        WHERE {where} ORDER BY c.checkworthy DESC, c.score DESC, c.id LIMIT ? OFFSET ?
    """
    return [_decode_claim(r) for r in database.query(sql, [*params, limit, offset])]


def count_claims_for_review(database: Database, **filters: object) -> int:
    """Return how many claims `claims_for_review` would page through with these filters."""
    defaults = {
        "document_id": None,
        "status": "new",
        "kind": None,
        "min_score": None,
        "checkworthy_only": True,
        "has_quantities": None,
        "has_matches": None,
    }
    where, params = _queue_filters(**{**defaults, **filters})
    sql = f"SELECT count(*) AS n FROM claims c WHERE {where}"
    return next(database.query(sql, params))["n"]


def _decode_claim(row: dict) -> dict:
    row = dict(row)
    if isinstance(row.get("reasons"), str):
        row["reasons"] = json.loads(row["reasons"])
    if "checkworthy" in row:
        row["checkworthy"] = bool(row["checkworthy"])
    return row


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
    return _decode_claim(rows[0])


def claim_quantities(database: Database, claim_id: int) -> list[dict]:
    """Return a claim's quantities in text order."""
    return list(
        database.query("SELECT * FROM quantities WHERE claim_id = ? ORDER BY start, id", [claim_id])
    )


def quantities_for_claims(database: Database, claim_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Return the quantities of many claims, keyed by claim id."""
    ids = list(claim_ids)
    out: dict[int, list[dict]] = {i: [] for i in ids}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT * FROM quantities WHERE claim_id IN ({marks}) ORDER BY claim_id, start"
        for row in database.query(sql, chunk):
            out[row["claim_id"]].append(row)
    return out


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for begin in range(0, len(items), size):
        yield items[begin : begin + size]


# Verdicts ----------------------------------------------------------------------------------


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
        rows = list(database.query("SELECT version FROM claims WHERE id = ?", [claim_id]))
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
        verdict_id = database.table("verdicts").insert(verdict).last_pk
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
    for chunk in _chunks(sorted(wanted), 500):
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
    for chunk in _chunks(sorted(set(hashes)), 500):
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


# Exports -----------------------------------------------------------------------------------

# The current verdict of a claim is its latest row (verdicts_claim index seeks, in the order of
# the claims_document index, so no sort); document fields are joined in Python, once per document.
_EXPORT_FROM = """
    FROM claims c
    {join} verdicts v ON v.id = (SELECT max(x.id) FROM verdicts x WHERE x.claim_id = c.id)
    LEFT JOIN sentences s ON s.id = c.sentence_id
"""

_EXPORT_COLUMNS = """
    c.id AS claim_id, c.text AS claim, c.kind, c.score, c.checkworthy, c.claimant,
    c.document_id, c.archive, c.external_id, s.start AS sentence_start,
    s."end" AS sentence_end, v.label AS verdict, v.rationale, v.sources, v.reviewer,
    v.created_at AS reviewed_at
"""


def _export_filters(
    document_ids: Sequence[int],
    labels: Sequence[str],
    reviewers: Sequence[str],
    since: str | None,
    until: str | None,
) -> tuple[str, list]:
    where, params = ["1"], []
    for column, values in (("c.document_id", document_ids), ("v.label", labels),
                           ("v.reviewer", reviewers)):  # fmt: skip
        if values:
            where.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    # Dates are compared on the YYYY-MM-DD prefix of the verdict time, both ends inclusive.
    if since:
        where.append("substr(v.created_at, 1, 10) >= ?")
        params.append(since)
    if until:
        where.append("substr(v.created_at, 1, 10) <= ?")
        params.append(until)
    return " AND ".join(where), params


def export_rows(
    database: Database,
    *,
    document_ids: Sequence[int] = (),
    labels: Sequence[str] = (),
    reviewers: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    include_all: bool = False,
    limit: int | None = None,
) -> list[dict]:
    """Return one row per claim with its current verdict, in document and text order
    (imported claims last).

    Only claims with a verdict unless `include_all`; the label, reviewer and date filters
    apply to the current verdict, so they leave out claims without one. Each row carries its
    document's fields, its `sentence` text, its `quantities` (text order), `sources` as a list
    and `earlier_verdicts` (how many verdicts came before the current one).
    """
    where, params = _export_filters(document_ids, labels, reviewers, since, until)
    source = _EXPORT_FROM.format(join="LEFT JOIN" if include_all else "JOIN")
    order = (
        "c.document_id IS NULL, c.document_id, c.start, c.id"
        if limit
        else "c.document_id, c.start, c.id"
    )
    sql = f"SELECT {_EXPORT_COLUMNS} {source} WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = list(database.query(sql, params))
    # Imported claims (no document) sort first in the index order; a stable sort moves them.
    rows.sort(key=lambda r: r["document_id"] is None)
    documents = _export_documents(database, {r["document_id"] for r in rows} - {None})
    quantities = _export_quantities(database, source, where, params, rows, limit)
    # Few claims have more than one verdict: count those once instead of per row.
    repeated = {
        r["claim_id"]: r["n"]
        for r in database.query(
            "SELECT claim_id, count(*) AS n FROM verdicts GROUP BY claim_id HAVING n > 1"
        )
    }
    for row in rows:
        row["earlier_verdicts"] = repeated.get(row["claim_id"], 1) - 1 if row["verdict"] else 0
        _complete_export_row(row, documents.get(row["document_id"]), quantities)
    return rows


def _complete_export_row(row: dict, document: dict | None, quantities: dict) -> None:
    start, end = row.pop("sentence_start"), row.pop("sentence_end")
    document = document or {}
    text = document.get("text")
    row["sentence"] = text[start:end] if text is not None and start is not None else None
    row["document"] = document.get("title")
    row["document_author"] = document.get("author")
    row["source_url"] = document.get("source_url")
    row["published"] = document.get("published_at")
    row["checkworthy"] = bool(row["checkworthy"])
    sources = row["sources"]
    row["sources"] = json.loads(sources) if sources and sources != "[]" else []
    row["quantities"] = quantities.get(row["claim_id"], [])


def count_export_rows(database: Database, *, include_all: bool = False, **filters) -> int:
    """Return how many rows `export_rows` would return with these filters."""
    defaults = {"document_ids": (), "labels": (), "reviewers": (), "since": None, "until": None}
    where, params = _export_filters(**{**defaults, **filters})
    source = _EXPORT_FROM.format(join="LEFT JOIN" if include_all else "JOIN")
    return next(database.query(f"SELECT count(*) AS n {source} WHERE {where}", params))["n"]


def _export_documents(database: Database, document_ids: set[int]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for chunk in _chunks(sorted(document_ids), 500):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT id, title, author, source_url, published_at, text FROM documents "
            f"WHERE id IN ({marks})"
        )
        out.update((r["id"], r) for r in database.query(sql, chunk))
    return out


def _export_quantities(
    database: Database, source: str, where: str, params: list, rows: list[dict], limit: int | None
) -> dict[int, list[dict]]:
    """Return the quantities of the exported claims, from one set-based query."""
    if limit is not None:  # a short preview: fetch by id
        return quantities_for_claims(database, [r["claim_id"] for r in rows])
    sql = f"""
        SELECT q.claim_id, q.text, q.value, q.unit, q.kind, q.qualifier, q.per
        FROM quantities q WHERE q.claim_id IN (SELECT c.id {source} WHERE {where})
        ORDER BY q.claim_id, q.start, q.id
    """
    out: dict[int, list[dict]] = {}
    for row in database.query(sql, params):
        out.setdefault(row["claim_id"], []).append(row)
    return out


def export_reviewers(database: Database) -> list[str]:
    """Return every reviewer name that has given a verdict, alphabetically."""
    rows = database.query("SELECT DISTINCT reviewer FROM verdicts ORDER BY reviewer")
    return [r["reviewer"] for r in rows]


# Review and dashboard ----------------------------------------------------------------------

QueueKey = tuple[int, float, int]
_QUEUE_DEFAULTS: dict[str, object] = {
    "document_id": None,
    "status": "new",
    "kind": None,
    "min_score": None,
    "checkworthy_only": True,
    "has_quantities": None,
    "has_matches": None,
}


def review_queue(
    database: Database,
    *,
    after: QueueKey | None = None,
    exclude: Sequence[int] = (),
    only: Sequence[int] | None = None,
    limit: int = 50,
    **filters: object,
) -> list[dict]:
    """Return up to `limit` queue claims (the filters of `claims_for_review`) in queue order,
    starting after the key (checkworthy, score, id) of `after`, skipping the `exclude` ids
    (and keeping only the `only` ids when given).

    Keyset paging: each page costs the same however deep it is (OFFSET would re-read every
    earlier row).
    """
    where, params = _queue_filters(**{**_QUEUE_DEFAULTS, **filters})
    if after is not None:
        checkworthy, score, claim_id = after
        where += (
            " AND (c.checkworthy < ? OR (c.checkworthy = ? AND (c.score < ?"
            " OR (c.score = ? AND c.id > ?))))"
        )
        params += [checkworthy, checkworthy, score, score, claim_id]
    if exclude:
        where += f" AND c.id NOT IN ({','.join('?' * len(exclude))})"
        params += list(exclude)
    if only is not None:
        where += f" AND c.id IN ({','.join('?' * len(only))})"
        params += list(only)
    sql = f"""
        SELECT {_QUEUE_COLUMNS} FROM claims c LEFT JOIN documents d ON d.id = c.document_id
        WHERE {where} ORDER BY c.checkworthy DESC, c.score DESC, c.id LIMIT ?
    """
    return [_decode_claim(r) for r in database.query(sql, [*params, limit])]


def queue_key(claim: dict) -> QueueKey:
    """Return the queue-order key of a claim row (for `review_queue(after=...)`)."""
    return (int(bool(claim["checkworthy"])), float(claim["score"]), int(claim["id"]))


def queue_marker(database: Database) -> tuple[int, int]:
    """Return (highest claim id, highest verdict id): it changes whenever a queue count can
    (claims are only added, and a claim's status only changes with a new verdict)."""
    row = next(
        database.query(
            "SELECT (SELECT coalesce(max(id), 0) FROM claims) AS claims, "
            "(SELECT coalesce(max(id), 0) FROM verdicts) AS verdicts"
        )
    )
    return row["claims"], row["verdicts"]


def document_titles(database: Database) -> list[dict]:
    """Return (id, title) of every document, newest first (for filters)."""
    return list(database.query("SELECT id, title FROM documents ORDER BY id DESC"))


def claim_context(database: Database, claim_id: int, window: int = 1500) -> dict | None:
    """Return up to `window` characters of the claim's document on each side of the claim as
    {"text", "offset"} (offset: where `text` starts in the document), or None for a claim
    that has no document (an imported one)."""
    rows = list(
        database.query(
            """
            SELECT substr(d.text, max(1, c.start - ? + 1), c."end" - max(0, c.start - ?) + ?)
                     AS text,
                   max(0, c.start - ?) AS offset
            FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = ?
            """,
            [window, window, window, window, claim_id],
        )
    )
    return rows[0] if rows else None


def claim_matches(database: Database, claim_id: int) -> list[dict]:
    """Return the claims matched with this one in either direction (one row per other claim,
    its best similarity) with text, document and current verdict label, most similar first."""
    return list(
        database.query(
            """
            SELECT m.other AS claim_id, max(m.similarity) AS similarity, m.level, m.numbers,
                   c.text, c.archive, c.external_id, c.review_url, c.document_id, c.version,
                   d.title AS document_title,
                   (SELECT label FROM verdicts v WHERE v.claim_id = c.id
                     ORDER BY v.id DESC LIMIT 1) AS verdict
            FROM (SELECT matched_claim_id AS other, similarity, level, numbers
                    FROM matches WHERE claim_id = ?
                  UNION ALL
                  SELECT claim_id AS other, similarity, level, numbers
                    FROM matches WHERE matched_claim_id = ?) m
            JOIN claims c ON c.id = m.other
            LEFT JOIN documents d ON d.id = c.document_id
            GROUP BY m.other ORDER BY similarity DESC, m.other
            """,
            [claim_id, claim_id],
        )
    )


def apply_verdict_to_matches(
    database: Database,
    claim_id: int,
    matched_ids: Sequence[int],
    verdict: dict,
) -> list[int]:
    """Append `verdict` (reviewer, label, rationale, sources, confidence) to each of
    `matched_ids` that is a "same" match of `claim_id` (either direction) and has no verdict
    yet, in one transaction; return the ids that received it."""
    ids = list(dict.fromkeys(matched_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    with write_transaction(database):
        eligible = [
            r["id"]
            for r in database.query(
                f"""
                SELECT c.id FROM claims c WHERE c.id IN ({marks})
                  AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id)
                  AND EXISTS (SELECT 1 FROM matches m WHERE m.level = 'same'
                      AND ((m.claim_id = ? AND m.matched_claim_id = c.id)
                        OR (m.matched_claim_id = ? AND m.claim_id = c.id)))
                ORDER BY c.id
                """,
                [*ids, claim_id, claim_id],
            )
        ]
        created = now()
        rows = [
            {
                "claim_id": other,
                "reviewer": verdict["reviewer"],
                "label": verdict["label"],
                "rationale": verdict.get("rationale") or "",
                "sources": json.dumps(list(verdict.get("sources") or [])),
                "confidence": verdict.get("confidence"),
                "created_at": created,
                "seconds_spent": None,
                "origin": "review",
            }
            for other in eligible
        ]
        if rows:
            database.table("verdicts").insert_all(rows)
            database.execute(
                "UPDATE claims SET version = version + 1, status = 'checked' "
                f"WHERE id IN ({','.join('?' * len(eligible))})",
                eligible,
            )
    return eligible


def status_counts(database: Database) -> list[dict]:
    """Return document claims counted by status and check-worthiness."""
    return list(
        database.query(
            """
            SELECT status, checkworthy, count(*) AS claims FROM claims
            WHERE document_id IS NOT NULL GROUP BY status, checkworthy ORDER BY status, checkworthy
            """
        )
    )


def kind_counts(database: Database) -> list[dict]:
    """Return document claims counted by kind: all, check-worthy, checked."""
    return list(
        database.query(
            """
            SELECT kind, count(*) AS claims, sum(checkworthy) AS checkworthy,
                   sum(status = 'checked') AS checked
            FROM claims WHERE document_id IS NOT NULL GROUP BY kind ORDER BY claims DESC
            """
        )
    )


def label_counts(database: Database) -> list[dict]:
    """Return claims counted by the label of their current verdict, and by its origin."""
    return list(
        database.query(
            """
            SELECT label, origin, count(*) AS claims FROM verdicts
            WHERE id IN (SELECT max(id) FROM verdicts GROUP BY claim_id)
            GROUP BY label, origin ORDER BY claims DESC
            """
        )
    )


def document_progress(database: Database) -> list[dict]:
    """Return per document: claims, check-worthy claims, and how many of each are checked."""
    return list(
        database.query(
            """
            SELECT d.id, d.title, d.ingested_at, count(c.id) AS claims,
                   coalesce(sum(c.checkworthy), 0) AS checkworthy,
                   coalesce(sum(c.status = 'checked'), 0) AS checked,
                   coalesce(sum(c.checkworthy AND c.status = 'checked'), 0) AS checkworthy_checked
            FROM documents d LEFT JOIN claims c ON c.document_id = d.id
            GROUP BY d.id ORDER BY d.id DESC
            """
        )
    )


def reviewer_activity(database: Database) -> list[dict]:
    """Return per reviewer (review verdicts only): verdicts, median seconds per verdict (over
    the verdicts that recorded a time), and the time of the latest one."""
    return list(
        database.query(
            """
            WITH timed AS (
                SELECT reviewer, seconds_spent AS s,
                       row_number() OVER (PARTITION BY reviewer ORDER BY seconds_spent) AS rn,
                       count(*) OVER (PARTITION BY reviewer) AS n
                FROM verdicts WHERE origin = 'review' AND seconds_spent IS NOT NULL),
            medians AS (
                SELECT reviewer, avg(s) AS median_seconds FROM timed
                WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY reviewer)
            SELECT v.reviewer, count(*) AS verdicts, m.median_seconds,
                   max(v.created_at) AS latest
            FROM verdicts v LEFT JOIN medians m ON m.reviewer = v.reviewer
            WHERE v.origin = 'review' GROUP BY v.reviewer ORDER BY verdicts DESC, v.reviewer
            """
        )
    )


def verdicts_per_day(database: Database) -> list[dict]:
    """Return review verdicts counted per UTC day and reviewer, oldest first."""
    return list(
        database.query(
            """
            SELECT substr(created_at, 1, 10) AS day, reviewer, count(*) AS verdicts
            FROM verdicts WHERE origin = 'review' GROUP BY day, reviewer ORDER BY day, reviewer
            """
        )
    )


# Search and archive ------------------------------------------------------------------------


def claim_vectors_above(
    database: Database, model: str, high_water: int, limit: int = 50_000
) -> tuple[np.ndarray, np.ndarray]:
    """Return (ids, unit vectors) of up to `limit` claims above `high_water` with an embedding
    for `model`, ascending by id (the vector index loads itself with this)."""
    # CROSS JOIN keeps claims as the outer loop: walk ids upwards, look each vector up by key
    # (left to itself, SQLite scans every vector of the model and sorts them, per chunk).
    rows = database.conn.execute(
        "SELECT c.id, e.vector FROM claims c CROSS JOIN embeddings e "
        "ON e.model = ? AND e.content_hash = c.content_hash "
        "WHERE c.id > ? ORDER BY c.id LIMIT ?",
        [model, high_water, limit],
    ).fetchall()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)
    return ids, matrix.astype(np.float32)


def claim_vectors(database: Database, model: str, claim_ids: Sequence[int]) -> np.ndarray:
    """Return the `model` vectors of these claims in order (zero rows where one has none)."""
    found: dict[int, bytes] = {}
    for chunk in _chunks(list(claim_ids), 500):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT c.id, e.vector FROM claims c CROSS JOIN embeddings e "
            f"ON e.model = ? AND e.content_hash = c.content_hash WHERE c.id IN ({marks})"
        )
        found.update(database.conn.execute(sql, [model, *chunk]).fetchall())
    width = len(next(iter(found.values()))) // 4 if found else 0
    out = np.zeros((len(claim_ids), width), dtype=np.float32)
    for row, claim_id in enumerate(claim_ids):
        if claim_id in found:
            out[row] = np.frombuffer(found[claim_id], dtype="<f4")
    return out


def _search_filters(
    label: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    document_id: int | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[str, list]:
    """Return a WHERE fragment over claims `c` (and documents `d`) for the search filters."""
    where, params = ["1"], []
    for column, value in (("c.status", status), ("c.kind", kind), ("c.document_id", document_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if label is not None:
        where.append(
            "(SELECT v.label FROM verdicts v WHERE v.claim_id = c.id "
            "ORDER BY v.id DESC LIMIT 1) = ?"
        )
        params.append(label)
    # A claim's date: its document's publication date, else when it was added.
    day = "substr(coalesce(d.published_at, c.created_at), 1, 10)"
    if since:
        where.append(f"{day} >= ?")
        params.append(since[:10])
    if until:
        where.append(f"{day} <= ?")
        params.append(until[:10])
    return " AND ".join(where), params


def keyword_candidates(
    database: Database, fts_query: str, limit: int = 100, **filters: object
) -> list[tuple[int, float]]:
    """Return (claim id, BM25 score, higher is better) of FTS5 matches, best first."""
    where, params = _search_filters(**filters)  # type: ignore[arg-type]
    sql = f"""
        SELECT c.id, -bm25(claims_fts) AS score FROM claims_fts
        JOIN claims c ON c.id = claims_fts.rowid LEFT JOIN documents d ON d.id = c.document_id
        WHERE claims_fts MATCH ? AND {where} ORDER BY bm25(claims_fts) LIMIT ?
    """
    return [(r[0], r[1]) for r in database.conn.execute(sql, [fts_query, *params, limit])]


def filter_claim_ids(database: Database, claim_ids: Sequence[int], **filters: object) -> set[int]:
    """Return the ids among `claim_ids` that pass the search filters."""
    where, params = _search_filters(**filters)  # type: ignore[arg-type]
    kept: set[int] = set()
    for chunk in _chunks(list(claim_ids), 500):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT c.id FROM claims c LEFT JOIN documents d ON d.id = c.document_id "
            f"WHERE c.id IN ({marks}) AND {where}"
        )
        kept.update(r[0] for r in database.conn.execute(sql, [*chunk, *params]))
    return kept


def search_rows(database: Database, claim_ids: Sequence[int]) -> dict[int, dict]:
    """Return, keyed by id, what a search result shows of each claim: text, ids, document,
    kind, archive, current verdict label."""
    out: dict[int, dict] = {}
    for chunk in _chunks(list(claim_ids), 500):
        marks = ",".join("?" * len(chunk))
        sql = f"""
            SELECT c.id AS claim_id, c.external_id, c.text, c.document_id, c.kind, c.archive,
                   c.status, c.review_url, d.title AS document_title,
                   (SELECT v.label FROM verdicts v WHERE v.claim_id = c.id
                     ORDER BY v.id DESC LIMIT 1) AS verdict
            FROM claims c LEFT JOIN documents d ON d.id = c.document_id WHERE c.id IN ({marks})
        """
        out.update((r["claim_id"], r) for r in database.query(sql, chunk))
    return out


def matchable_claims(database: Database, claim_ids: Sequence[int]) -> set[int]:
    """Return the ids among `claim_ids` that a new claim may match: those with a verdict, and
    imported archive claims (an archive holds claims that were checked)."""
    kept: set[int] = set()
    for chunk in _chunks(list(claim_ids), 500):
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT c.id FROM claims c WHERE c.id IN ({marks}) AND (c.archive IS NOT NULL "
            "OR EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id))"
        )
        kept.update(r[0] for r in database.conn.execute(sql, chunk))
    return kept


def has_matchable_claims(database: Database) -> bool:
    """Return whether any claim could be matched: one with a verdict, or an archive claim."""
    sql = (
        "SELECT EXISTS (SELECT 1 FROM verdicts) "
        "OR EXISTS (SELECT 1 FROM claims WHERE archive IS NOT NULL)"
    )
    return bool(database.conn.execute(sql).fetchone()[0])


def claims_without_matches(database: Database, document_id: int) -> list[dict]:
    """Return a document's claims (id, text, content_hash) that have no stored match."""
    return list(
        database.query(
            "SELECT c.id, c.text, c.content_hash FROM claims c WHERE c.document_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.claim_id = c.id) ORDER BY c.start",
            [document_id],
        )
    )


def known_archive_rows(
    database: Database, archive: str, external_ids: Iterable[str], hashes: Iterable[str]
) -> tuple[set[str], set[str]]:
    """Return which external ids, and which content hashes (of rows without an id), the
    archive already holds: an interrupted import resumes past them."""
    ids: set[str] = set()
    for chunk in _chunks(sorted(set(external_ids)), 500):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT external_id FROM claims WHERE archive = ? AND external_id IN ({marks})"
        ids.update(r[0] for r in database.conn.execute(sql, [archive, *chunk]))
    found: set[str] = set()
    for chunk in _chunks(sorted(set(hashes)), 500):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT content_hash FROM claims WHERE archive = ? AND content_hash IN ({marks})"
        found.update(r[0] for r in database.conn.execute(sql, [archive, *chunk]))
    return ids, found


def add_imported_verdicts(database: Database, verdicts: Sequence[dict]) -> None:
    """Append imported verdicts (origin 'import') and mark their claims checked; runs inside
    the caller's transaction."""
    for verdict in verdicts:
        row = {"origin": "import", "rationale": "", **verdict}
        row["sources"] = json.dumps(list(row.get("sources") or []))
        database.table("verdicts").insert(row)
        database.execute(
            "UPDATE claims SET version = version + 1, status = 'checked' WHERE id = ?",
            [verdict["claim_id"]],
        )


def database_file(database: Database) -> str:
    """Return the path of the database's main file ("" for an in-memory database)."""
    row = database.conn.execute("PRAGMA database_list").fetchone()
    return row[2] or ""
