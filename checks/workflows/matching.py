"""Matching claims to earlier verdicts: this process's vector index over the stored claims,
and the matches of a new document's claims (or of a known one's that lack them)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
from sqlite_utils import Database

import db.claims
import db.connection
import db.matches
import db.vectors
from checks import match as match_mod
from checks import search as search_mod
from checks.embed import content_hash
from checks.spans import Extraction, Quantity

MATCH_CANDIDATES = 50  # vector neighbours looked at per new claim, before keeping matchable ones
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


def _fetcher(path: str, model: str) -> search_mod.Fetch:
    """Return fetch(ids) -> exact vectors, on a connection of the calling thread."""
    local = threading.local()

    def fetch(ids: Sequence[int]) -> np.ndarray:
        if getattr(local, "database", None) is None:
            local.database = db.connection.open_database(path)
        return db.vectors.claim_vectors(local.database, model, ids)

    return fetch


def find_matches(
    database: Database,
    model: str,
    claims: Sequence[tuple[str, Sequence[Quantity | dict]]],
    vectors: np.ndarray,
    exclude: set[int] | frozenset[int] = frozenset(),
) -> list[list[dict]]:
    """Return, for each (text, quantities) claim, its matches among checked and archive claims:
    dicts with matched_claim_id, similarity, level and numbers, best first."""
    if not db.matches.has_matchable_claims(database):
        return [[] for _ in claims]  # nothing checked yet: skip the neighbour searches
    index = vector_index(database, model)
    found = []
    neighbours = index.search_many(vectors, MATCH_CANDIDATES)
    for (text, _), near in zip(claims, neighbours, strict=True):
        if match_mod.is_noise(text):
            found.append([])
            continue
        found.append([(i, s) for i, s in near if i not in exclude and match_mod.match_level(s)])
    eligible = db.matches.matchable_claims(database, [i for pairs in found for i, _ in pairs])
    stored = db.claims.quantities_for_claims(database, eligible)
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
