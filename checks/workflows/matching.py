"""Matching claims to earlier verdicts: the nearest stored claims (from PostgreSQL's HNSW index,
or from this process's vector index over an SQLite file), and the matches of a new document's
claims (or of a known one's that lack them)."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence

import numpy as np
from sqlite_utils import Database

import db.claims
import db.connection
import db.keyword
import db.matches
import db.vectors
from checks import match as match_mod
from checks import rerank
from checks import search as search_mod
from checks.embed import content_hash
from checks.spans import Extraction, Quantity

MATCH_CANDIDATES = 100  # vector and keyword candidates per new claim, as search takes them
MAX_MATCHES = 5  # matches stored per claim

_indexes: dict[tuple[str, str], search_mod.VectorIndex] = {}
_indexes_lock = threading.Lock()


def vector_index(database: Database, model: str) -> search_mod.VectorIndex:
    """Return this process's index of `model` vectors for this database, refreshed with the
    claims added since its last use (loaded above its high-water mark, never rebuilt)."""
    key = (db.connection.database_file(database), model)
    with _indexes_lock:
        index = _indexes.get(key)
        if index is None:
            fetch = _fetcher(key[0], model)
            index = _indexes[key] = search_mod.VectorIndex(fetch=fetch)
    while index.refresh(lambda above: db.vectors.claim_vectors_above(database, model, above)):
        pass
    return index


def neighbours(
    database: Database, model: str, queries: np.ndarray, k: int
) -> list[list[tuple[int, float]]]:
    """Return, per query vector, the `k` nearest claims as (claim id, cosine), best first: from
    the database's own index where it has one (PostgreSQL), else from this process's."""
    if db.connection.indexes_vectors(database):
        return db.vectors.nearest_claims(database, model, queries, k)
    return vector_index(database, model).search_many(queries, k)


def forget_index(database: Database) -> None:
    """Drop this process's vector indexes of a database (after claims were deleted)."""
    path = db.connection.database_file(database)
    with _indexes_lock:
        for key in [k for k in _indexes if k[0] == path]:
            del _indexes[key]


def _fetcher(path: str, model: str) -> search_mod.Fetch:
    """Return fetch(ids) -> exact vectors, on a connection of the calling thread."""
    local = threading.local()

    def fetch(ids: Sequence[int]) -> np.ndarray:
        if getattr(local, "database", None) is None:
            local.database = db.connection.open_database(path)
        return db.vectors.claim_vectors(local.database, model, ids)

    return fetch


def keyword_candidates(database: Database, text: str, limit: int, **filters) -> dict[int, float]:
    """Return {claim id: BM25 score} of the claims sharing content words with `text`."""
    terms = search_mod.keyword_terms(text)
    if not terms:
        return {}
    return dict(db.keyword.keyword_candidates(database, terms, limit, **filters))


def rerank_candidates(
    database: Database,
    model: str,
    vector: np.ndarray,
    query: str,
    semantic: dict[int, float],
    keyword: dict[int, float],
    figures: Sequence[Quantity | dict] | None = None,
    depth: int = rerank.RERANK_DEPTH,
) -> list[rerank.Ranked]:
    """Return the `depth` best of the fused first stage of vector (`semantic`: exact cosines)
    and keyword candidates re-ranked by the learned model, with each one's numbers flag against
    `figures` (default: the query's), best first."""
    extra = [i for i in keyword if i not in semantic]
    if extra:
        # Claims the index lacks (no vector for this model yet) get their stored vector's cosine.
        stored = db.vectors.claim_vectors(database, model, extra)
        cosines = stored @ vector if stored.shape[1] else np.zeros(len(extra))
        semantic = {**semantic, **dict(zip(extra, cosines.tolist(), strict=True))}
    first = rerank.first_stage(semantic, keyword, depth)
    ids = [c.claim_id for c in first]
    rows = db.vectors.rerank_rows(database, model, ids)
    stored = db.claims.quantities_for_claims(database, ids)
    found = []
    for c in first:
        row = rows[c.claim_id]
        title_vector = row["title_vector"]
        found.append(dataclasses.replace(
            c, text=row["text"], title=row["title"], quantities=stored[c.claim_id],
            title_cosine=float(title_vector @ vector) if title_vector is not None else None,
        ))  # fmt: skip
    return rerank.rerank(query, query_figures(query) if figures is None else figures, found)


def query_figures(text: str) -> list[Quantity]:
    """Return the figures a query states (links and a pasted tweet's signature date left out)."""
    from checks.quantities import find_quantities

    return find_quantities(rerank.query_body(text))


def find_matches(
    database: Database,
    model: str,
    claims: Sequence[tuple[str, Sequence[Quantity | dict]]],
    vectors: np.ndarray,
    exclude: set[int] | frozenset[int] = frozenset(),
) -> list[list[dict]]:
    """Return, for each (text, quantities) claim, its matches among checked and archive claims:
    dicts with matched_claim_id, similarity (the re-ranker's score), level and numbers, best
    first. Candidates are found and re-ranked as hybrid search finds them."""
    if not db.matches.has_matchable_claims(database):
        return [[] for _ in claims]  # nothing checked yet: skip the neighbour searches
    found = []
    nearest = neighbours(database, model, vectors, MATCH_CANDIDATES)
    for (text, figures), near, vector in zip(claims, nearest, vectors, strict=True):
        if match_mod.is_noise(text):
            found.append([])
            continue
        keyword = keyword_candidates(database, text, MATCH_CANDIDATES)
        ranked = rerank_candidates(database, model, vector, text, dict(near), keyword, figures)
        kept = [r for r in ranked if r.claim_id not in exclude and match_mod.match_level(r.score)]
        found.append(kept)
    eligible = db.matches.matchable_claims(database, [r.claim_id for rs in found for r in rs])
    return [[_match(r) for r in ranked if r.claim_id in eligible][:MAX_MATCHES] for ranked in found]


def _match(ranked: rerank.Ranked) -> dict:
    return {
        "matched_claim_id": ranked.claim_id,
        "similarity": round(ranked.score, 4),
        "level": match_mod.match_level(ranked.score),
        "numbers": ranked.numbers,
    }


def match_extraction(
    database: Database, extraction: Extraction, vectors: dict[str, np.ndarray], model: str
) -> list[dict]:
    """Return the matches of a new document's claims to earlier checked and archive claims,
    as `db.documents.add_document` takes them (`claim` indexes the extraction's claims)."""
    if not extraction.claims:
        return []
    hashes = [content_hash(c.text) for c in extraction.claims]
    stored = db.vectors.get_embeddings(database, model, set(hashes) - set(vectors))
    known = {**stored, **vectors}
    matrix = np.stack([known[h] for h in hashes])
    pairs = [(c.text, c.quantities) for c in extraction.claims]
    found = find_matches(database, model, pairs, matrix)
    return [{**m, "claim": n} for n, claim_matches in enumerate(found) for m in claim_matches]


def fill_in_matches(database: Database, document_id: int, model: str) -> int:
    """Store matches for a known document's claims that have none (earlier verdicts and
    archives may have arrived since it was ingested); return how many were added."""
    if not db.matches.has_matchable_claims(database):
        return 0  # nothing checked or archived yet: no vectors to read, no search to run
    rows = db.matches.claims_without_matches(database, document_id)
    if not rows:
        return 0
    vectors = db.vectors.claim_vectors(database, model, [r["id"] for r in rows])
    stored = db.claims.quantities_for_claims(database, [r["id"] for r in rows])
    own = {r["id"] for r in db.claims.document_claim_texts(database, document_id)}
    pairs = [(r["text"], stored[r["id"]]) for r in rows]
    found = find_matches(database, model, pairs, vectors, exclude=own)
    matches = [{**m, "claim_id": r["id"]} for r, ms in zip(rows, found, strict=True) for m in ms]
    if matches:
        with db.connection.write_transaction(database):
            db.matches.add_matches(database, matches)
    return len(matches)
