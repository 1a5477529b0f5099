"""Workflows of the claim archive: import an archive, search, similar claims, and matching new
claims to earlier verdicts. `checks/pipeline.py` exposes them under the same names."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlite_utils import Database

from checks import config, validate
from checks import match as match_mod
from checks import search as search_mod
from checks.archive import ArchiveRow, Columns, read_archive
from checks.claim_kinds import classify
from checks.embed import Embedder, content_hash
from checks.errors import InvalidValue, UnknownLabel
from checks.labels import LABELS
from checks.quantities import find_quantities
from checks.spans import Extraction, Quantity
from db import store

Progress = Callable[[str, int, int], None]
MODES = ("hybrid", "semantic", "keyword")
IMPORT_BATCH = 512
CANDIDATES = 100  # vector and keyword candidates each, before fusion
MATCH_CANDIDATES = 50  # vector neighbours looked at per new claim, before keeping matchable ones
MAX_MATCHES = 5  # matches stored per claim

_indexes: dict[tuple[str, str], search_mod.VectorIndex] = {}
_indexes_lock = threading.Lock()


# The vector index ----------------------------------------------------------------------------


def vector_index(database: Database, model: str) -> search_mod.VectorIndex:
    """Return this process's index of `model` vectors for this database, refreshed with the
    claims added since its last use (loaded above its high-water mark, never rebuilt)."""
    key = (store.database_file(database), model)
    with _indexes_lock:
        index = _indexes.get(key)
        if index is None:
            fetch = _fetcher(key[0], model)
            index = _indexes[key] = search_mod.VectorIndex(fetch=fetch)
    while index.refresh(lambda above: store.claim_vectors_above(database, model, above)):
        pass
    return index


def forget_index(database: Database) -> None:
    """Drop this process's vector indexes of a database (after claims were deleted)."""
    path = store.database_file(database)
    with _indexes_lock:
        for key in [k for k in _indexes if k[0] == path]:
            del _indexes[key]


def _fetcher(path: str, model: str) -> search_mod.Fetch:
    """Return fetch(ids) -> exact vectors, on a connection of the calling thread."""
    local = threading.local()

    def fetch(ids: Sequence[int]) -> np.ndarray:
        if getattr(local, "database", None) is None:
            local.database = store.open_database(path)
        return store.claim_vectors(local.database, model, ids)

    return fetch


# Search --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Search filters: current verdict label, status, kind, document, date range."""

    label: str | None = None
    status: str | None = None
    kind: str | None = None
    document_id: int | None = None
    since: str | None = None
    until: str | None = None

    def active(self) -> bool:
        return any(v is not None for v in vars(self).values())


def search(
    database: Database,
    query: str,
    embedder: Embedder,
    *,
    k: int = 10,
    mode: str = "hybrid",
    label: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    document_id: int | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict]:
    """Return the `k` claims most like `query` as RESULT dicts (DESIGN §4) with document_id,
    document_title, kind and archive. Keyword mode never loads the model."""
    if mode not in MODES:
        raise InvalidValue(f"--mode {mode}: one of {', '.join(MODES)}")
    validate.result_count(k)
    if label is not None and label not in LABELS:
        raise UnknownLabel(f"--label {label}: not a verdict label (one of {', '.join(LABELS)})")
    since, until = validate.date_range(since, until)
    filters = Filters(label, status, kind, document_id, since, until)
    if not query.strip() or match_mod.is_url(query):
        return []
    keyword = _keyword(database, query, filters) if mode != "semantic" else {}
    if mode == "keyword":
        ranked = sorted(keyword.items(), key=lambda p: (-p[1], p[0]))[:k]
        return _results(database, ranked, find_quantities(query))
    vector = embedder.embed([query])[0]
    return _rank(database, embedder.model_id, vector, query, keyword, filters, mode, k)


def _keyword(database: Database, query: str, filters: Filters) -> dict[int, float]:
    fts = search_mod.fts_query(query)
    if fts is None:
        return {}
    rows = store.keyword_candidates(database, fts, CANDIDATES, **vars(filters))
    return dict(rows)


def _rank(
    database: Database,
    model: str,
    vector: np.ndarray,
    query: str,
    keyword: dict[int, float],
    filters: Filters,
    mode: str,
    k: int,
    exclude: int | None = None,
) -> list[dict]:
    index = vector_index(database, model)
    want = CANDIDATES * (10 if filters.active() else 1)
    semantic = {i: s for i, s in index.search(vector, want + 1) if i != exclude}
    if filters.active():
        kept = store.filter_claim_ids(database, list(semantic), **vars(filters))
        semantic = {i: s for i, s in semantic.items() if i in kept}
    quantities = find_quantities(query)
    if mode == "semantic":
        ranked = sorted(semantic.items(), key=lambda p: (-p[1], p[0]))[:k]
        return _results(database, ranked, quantities)
    extra = [i for i in keyword if i not in semantic and i != exclude]
    if extra:
        # Claims the index lacks (no vector for this model yet) fuse on keywords alone.
        cosines = index.vectors(extra) @ vector if len(index) else np.zeros(len(extra))
        semantic.update(zip(extra, cosines.tolist(), strict=True))
    flags = _flags(database, quantities, list(semantic))
    ranked = search_mod.fuse(semantic, keyword, flags, search_mod.DEFAULT_RULE)[:k]
    return _results(database, ranked, quantities, flags)


def _flags(
    database: Database, quantities: Sequence[Quantity], claim_ids: Sequence[int]
) -> dict[int, str]:
    if not quantities:
        return {}
    stored = store.quantities_for_claims(database, claim_ids)
    return {i: match_mod.numbers_flag(quantities, stored[i]) for i in claim_ids}


def _results(
    database: Database,
    ranked: Sequence[tuple[int, float]],
    quantities: Sequence[Quantity],
    flags: dict[int, str] | None = None,
) -> list[dict]:
    ids = [i for i, _ in ranked]
    rows = store.search_rows(database, ids)
    if flags is None:
        flags = _flags(database, quantities, ids)
    out = []
    for claim_id, score in ranked:
        row = rows.get(claim_id)
        if row is None:  # deleted since another process's index was loaded (the demo)
            continue
        out.append(
            {
                "claim_id": claim_id,
                "external_id": row["external_id"],
                "text": row["text"],
                "score": round(float(score), 4),
                "verdict": row["verdict"],
                "numbers": flags.get(claim_id, "none"),
                "document_id": row["document_id"],
                "document_title": row["document_title"],
                "kind": row["kind"],
                "archive": row["archive"],
            }
        )
    return out


def similar_claims(
    database: Database, claim_id: int, embedder: Embedder, k: int = 10
) -> list[dict]:
    """Return the `k` claims most like a stored claim (itself excluded), as `search` does."""
    claim = store.get_claim(database, claim_id)
    vector = store.claim_vectors(database, embedder.model_id, [claim_id])
    if not vector.size or not vector.any():
        vector = embedder.embed([claim["text"]])
    keyword = _keyword(database, claim["text"], Filters())
    keyword.pop(claim_id, None)
    return _rank(
        database, embedder.model_id, vector[0], claim["text"], keyword, Filters(), "hybrid", k,
        exclude=claim_id,
    )  # fmt: skip


# Matching new claims to earlier verdicts -----------------------------------------------------


def find_matches(
    database: Database,
    model: str,
    claims: Sequence[tuple[str, Sequence[Quantity | dict]]],
    vectors: np.ndarray,
    exclude: set[int] | frozenset[int] = frozenset(),
) -> list[list[dict]]:
    """Return, for each (text, quantities) claim, its matches among checked and archive claims:
    dicts with matched_claim_id, similarity, level and numbers, best first."""
    if not store.has_matchable_claims(database):
        return [[] for _ in claims]  # nothing checked yet: skip the neighbour searches
    index = vector_index(database, model)
    found = []
    neighbours = index.search_many(vectors, MATCH_CANDIDATES)
    for (text, _), near in zip(claims, neighbours, strict=True):
        if match_mod.is_noise(text):
            found.append([])
            continue
        found.append([(i, s) for i, s in near if i not in exclude and match_mod.match_level(s)])
    eligible = store.matchable_claims(database, [i for pairs in found for i, _ in pairs])
    stored = store.quantities_for_claims(database, eligible)
    out = []
    for (_, quantities), pairs in zip(claims, found, strict=True):
        kept = [(i, s) for i, s in pairs if i in eligible][:MAX_MATCHES]
        out.append([_match(i, s, quantities, stored[i]) for i, s in kept])
    return out


def _match(claim_id: int, similarity: float, mine: Sequence, theirs: Sequence) -> dict:
    return {
        "matched_claim_id": claim_id,
        "similarity": round(float(similarity), 4),
        "level": match_mod.match_level(similarity),
        "numbers": match_mod.numbers_flag(mine, theirs),
    }


def match_extraction(
    database: Database, extraction: Extraction, vectors: dict[str, np.ndarray], model: str
) -> list[dict]:
    """Return the matches of a new document's claims to earlier checked and archive claims,
    as `store.add_document` takes them (`claim` indexes the extraction's claims)."""
    if not extraction.claims:
        return []
    hashes = [content_hash(c.text) for c in extraction.claims]
    known = {**store.get_embeddings(database, model, set(hashes) - set(vectors)), **vectors}
    matrix = np.stack([known[h] for h in hashes])
    pairs = [(c.text, c.quantities) for c in extraction.claims]
    found = find_matches(database, model, pairs, matrix)
    return [{**m, "claim": n} for n, claim_matches in enumerate(found) for m in claim_matches]


def fill_in_matches(database: Database, document_id: int, model: str) -> int:
    """Store matches for a known document's claims that have none (earlier verdicts and
    archives may have arrived since it was ingested); return how many were added."""
    rows = store.claims_without_matches(database, document_id)
    if not rows:
        return 0
    vectors = store.claim_vectors(database, model, [r["id"] for r in rows])
    stored = store.quantities_for_claims(database, [r["id"] for r in rows])
    own = {r["id"] for r in store.document_claim_texts(database, document_id)}
    pairs = [(r["text"], stored[r["id"]]) for r in rows]
    found = find_matches(database, model, pairs, vectors, exclude=own)
    matches = [{**m, "claim_id": r["id"]} for r, ms in zip(rows, found, strict=True) for m in ms]
    if matches:
        with store.write_transaction(database):
            store.add_matches(database, matches)
    return len(matches)


# Import --------------------------------------------------------------------------------------


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
    progress: Progress | None = None,
) -> ImportResult:
    """Validate a whole archive file, then add its new claims in batches with embeddings and
    verdicts. Rows already present (same archive and external id, else same text) are skipped,
    so a re-run after an interruption resumes. Raises MalformedArchive and the read errors."""
    rows = read_archive(path, fmt, Columns(text_column, id_column, verdict_column))
    archive = Path(path).name
    todo, skipped = _new_rows(database, archive, rows)
    result = ImportResult(archive=archive, rows=len(rows), skipped=skipped)
    for begin in range(0, len(todo), IMPORT_BATCH):
        batch = todo[begin : begin + IMPORT_BATCH]
        result.verdicts += _import_batch(database, archive, batch, embedder)
        result.added += len(batch)
        if progress:
            progress("import", result.added, len(todo))
        config.fault("import")
    return result


def _new_rows(
    database: Database, archive: str, rows: Sequence[ArchiveRow]
) -> tuple[list[ArchiveRow], int]:
    """Return the rows to add (not yet stored, first of duplicates in the file) and the rest."""
    ids, hashes = store.known_archive_rows(
        database,
        archive,
        [r.external_id for r in rows if r.external_id],
        [content_hash(r.text) for r in rows if not r.external_id],
    )
    todo = []
    for row in rows:
        key = row.external_id or content_hash(row.text)
        if not row.text or key in ids or key in hashes:
            continue
        (ids if row.external_id else hashes).add(key)
        todo.append(row)
    return todo, len(rows) - len(todo)


def _import_batch(
    database: Database, archive: str, batch: Sequence[ArchiveRow], embedder: Embedder
) -> int:
    """Embed and write one batch in one transaction; return how many verdicts it added."""
    hashes = [content_hash(r.text) for r in batch]
    missing = sorted(store.missing_embeddings(database, embedder.model_id, hashes))
    by_hash = dict(zip(hashes, (r.text for r in batch), strict=True))
    vectors = embedder.embed([by_hash[h] for h in missing]) if missing else np.zeros((0, 0))
    with store.write_transaction(database):
        store.put_embeddings(database, embedder.model_id, dict(zip(missing, vectors, strict=True)))
        claim_ids = store.insert_claims(database, [_claim_row(archive, r) for r in batch])
        verdicts = [
            _verdict_row(i, r, archive) for i, r in zip(claim_ids, batch, strict=True) if r.label
        ]
        store.add_imported_verdicts(database, verdicts)
    return len(verdicts)


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
        "quantities": [q.to_dict() for q in quantities],
    }


def _verdict_row(claim_id: int, row: ArchiveRow, archive: str) -> dict:
    return {
        "claim_id": claim_id,
        "reviewer": row.reviewer or archive,
        "label": row.label,
        "rationale": row.rationale,
        "sources": list(row.sources),
        "created_at": row.reviewed_at or store.now(),
        "original_rating": row.rating,
    }
