"""Searching the claims: keyword, semantic and hybrid search with filters (hybrid: the fused
candidates re-ranked by the learned model of checks/rerank.py), and the claims most like a
stored one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlite_utils import Database

import db.claims
import db.keyword
import db.vectors
from checks import match as match_mod
from checks import validate
from checks.embed import Embedder
from checks.errors import InvalidValue
from checks.rerank import RERANK_DEPTH
from checks.spans import Quantity
from checks.workflows.matching import (
    keyword_candidates,
    neighbours,
    query_figures,
    rerank_candidates,
)
from checks.workflows.reports import existing_document

MODES = ("hybrid", "semantic", "keyword")
CANDIDATES = 100  # vector and keyword candidates each, before fusion


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
        """Return whether any filter is set."""
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
        raise InvalidValue(f"{mode}: not a search mode (one of {', '.join(MODES)})", "mode")
    validate.result_count(k)
    # Every filter is checked as export checks it: an unknown one is refused, not empty.
    if label is not None:
        validate.label(label)
    if kind is not None:
        validate.claim_kind(kind)
    if status is not None:
        validate.claim_status(status)
    if document_id is not None:
        document_id = existing_document(database, document_id)
    since, until = validate.date_range(since, until)
    filters = Filters(label, status, kind, document_id, since, until)
    if not query.strip() or match_mod.is_url(query):
        return []
    keyword = _keyword(database, query, filters, k) if mode != "semantic" else {}
    if mode == "keyword":
        ranked = sorted(keyword.items(), key=lambda p: (-p[1], p[0]))[:k]
        return _results(database, ranked, query_figures(query))
    vector = embedder.embed([query])[0]
    return _rank(database, embedder.model_id, vector, query, keyword, filters, mode, k)


def similar_claims(
    database: Database, claim_id: int, embedder: Embedder, k: int = 10
) -> list[dict]:
    """Return the `k` claims most like a stored claim (itself excluded), as `search` does."""
    claim = db.claims.get_claim(database, claim_id)
    vector = db.vectors.claim_vectors(database, embedder.model_id, [claim_id])
    if not vector.size or not vector.any():
        vector = embedder.embed([claim["text"]])
    keyword = _keyword(database, claim["text"], Filters(), k)
    keyword.pop(claim_id, None)
    return _rank(
        database, embedder.model_id, vector[0], claim["text"], keyword, Filters(), "hybrid", k,
        exclude=claim_id,
    )  # fmt: skip


def _keyword(database: Database, query: str, filters: Filters, k: int) -> dict[int, float]:
    return keyword_candidates(database, query, max(CANDIDATES, k), **vars(filters))


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
    # At least k candidates from each side, so that k results can come back (up to k's limit).
    want = max(CANDIDATES, k) * (10 if filters.active() else 1)
    near = neighbours(database, model, vector.reshape(1, -1), want + 1)[0]
    semantic = {i: s for i, s in near if i != exclude}
    if filters.active():
        kept = db.keyword.filter_claim_ids(database, list(semantic), **vars(filters))
        semantic = {i: s for i, s in semantic.items() if i in kept}
    quantities = query_figures(query)
    if mode == "semantic":
        ranked = sorted(semantic.items(), key=lambda p: (-p[1], p[0]))[:k]
        return _results(database, ranked, quantities)
    keyword = {i: s for i, s in keyword.items() if i != exclude}
    # The model re-ranks its usual depth, or k candidates when more results are asked for.
    depth = max(RERANK_DEPTH, k)
    found = rerank_candidates(database, model, vector, query, semantic, keyword, depth=depth)[:k]
    flags = {r.claim_id: r.numbers for r in found}
    fused = {r.claim_id: r.fused for r in found}
    results = _results(database, [(r.claim_id, r.score) for r in found], quantities, flags)
    for result in results:  # the page's relevance floor applies to it (not in the CLI's output)
        result["relevance"] = round(fused[result["claim_id"]], 4)
    return results


def _flags(
    database: Database, quantities: Sequence[Quantity], claim_ids: Sequence[int]
) -> dict[int, str]:
    if not quantities:
        return {}
    stored = db.claims.quantities_for_claims(database, claim_ids)
    return {i: match_mod.numbers_flag(quantities, stored[i]) for i in claim_ids}


def _results(
    database: Database,
    ranked: Sequence[tuple[int, float]],
    quantities: Sequence[Quantity],
    flags: dict[int, str] | None = None,
) -> list[dict]:
    ids = [i for i, _ in ranked]
    rows = db.keyword.search_rows(database, ids)
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
