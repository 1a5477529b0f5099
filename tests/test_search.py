"""The vector index (exact and approximate, incremental refresh) and the fusion of candidates."""

import threading

import numpy as np
import pytest

from checks import search as search_mod
from checks.search import VectorIndex, fuse, keyword_terms


def unit_rows(n, dim=16, seed=0):
    rows = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def exact_top(matrix, query, k):
    return list(np.argsort(-(matrix @ query), kind="stable")[:k] + 1)


def test_exact_search_matches_numpy():
    matrix = unit_rows(500)
    index = VectorIndex()
    index.add(np.arange(1, 501), matrix)
    hits = index.search(matrix[7], k=5)
    assert [i for i, _ in hits] == exact_top(matrix, matrix[7], 5)
    assert hits[0] == (8, pytest.approx(1.0, abs=1e-5))
    assert index.high_water == 500 and len(index) == 500


def test_refresh_loads_only_above_high_water():
    matrix = unit_rows(30)
    calls = []

    def loader(above):
        calls.append(above)
        ids = np.arange(above + 1, min(above + 10, 30) + 1)
        return ids, matrix[ids - 1]

    index = VectorIndex()
    while index.refresh(loader):
        pass
    assert calls == [0, 10, 20, 30] and len(index) == 30
    assert index.refresh(loader) == 0  # nothing new: nothing reloaded


def test_approximate_index_rescored_exactly():
    matrix = unit_rows(3000, dim=32, seed=1)
    fetched = []

    def fetch(ids):
        fetched.append(len(ids))
        return matrix[np.asarray(ids) - 1]

    index = VectorIndex(fetch=fetch, exact_limit=1000)
    index.add(np.arange(1, 2001), matrix[:2000])
    assert index.approximate
    index.add(np.arange(2001, 3001), matrix[2000:])  # added to the trained clusters
    index.nprobe = index._ann.nlist  # scan every list: the result must be exact
    query = matrix[42]
    hits = index.search(query, k=10)
    assert [i for i, _ in hits] == exact_top(matrix, query, 10)
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert np.allclose(index.vectors([5, 6]), matrix[[4, 5]])
    assert index.nbytes < matrix.nbytes


def test_a_recluster_fetches_vectors_a_chunk_at_a_time(monkeypatch):
    monkeypatch.setattr(search_mod, "TRAIN_CHUNK", 500)
    matrix = unit_rows(8000, dim=16, seed=3)
    fetched: list[int] = []

    def fetch(ids):
        fetched.append(len(ids))
        return matrix[np.asarray(ids) - 1]

    grown = VectorIndex(fetch=fetch, exact_limit=1000)
    grown.add(np.arange(1, 2001), matrix[:2000])  # trained on 2,000
    fetched.clear()
    grown.add(np.arange(2001, 8001), matrix[2000:])  # four times as many: re-clustered
    sample, *chunks = fetched
    assert chunks and max(chunks) == 500 and sum(chunks) == 8000
    assert sample < 8000
    at_once = VectorIndex(fetch=fetch, exact_limit=1000)
    at_once.add(np.arange(1, 8001), matrix)  # the same clusters from the same sample
    for index in (grown, at_once):
        index.nprobe = 8
    queries = matrix[[7, 4000, 7999]]
    assert grown.search_many(queries, 10) == at_once.search_many(queries, 10)


def test_concurrent_search_and_add():
    matrix = unit_rows(400)
    index = VectorIndex()
    index.add(np.arange(1, 201), matrix[:200])
    errors = []

    def reader():
        try:
            for _ in range(50):
                assert len(index.search(matrix[0], k=3)) == 3
        except AssertionError as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for begin in range(200, 400, 20):
        index.add(np.arange(begin + 1, begin + 21), matrix[begin : begin + 20])
    for thread in threads:
        thread.join()
    assert not errors and len(index) == 400


def test_empty_index():
    assert VectorIndex().search(np.ones(4, dtype=np.float32), k=3) == []


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("The tax on fuel rose by 5 percent", ["tax", "fuel", "rose", "5", "percent"]),
        ("RT @someone: Fuel, fuel! https://t.co/abc", ["fuel"]),
        ("Biden's plan", ["biden's", "plan"]),
        ("the of and", []),
    ],
)
def test_keyword_terms(text, terms):
    assert keyword_terms(text) == terms


def test_fuse_adds_weighted_keyword_score_and_number_flags():
    semantic = {1: 0.80, 2: 0.78, 3: 0.50}
    keyword = {2: 10.0, 3: 5.0}
    assert [i for i, _ in fuse(semantic, keyword)] == [2, 1, 3]
    flags = {2: "differ"}
    from checks.search import FusionRule

    rule = FusionRule(keyword_weight=0.1, numbers_differ=0.2)
    assert [i for i, _ in fuse(semantic, keyword, flags, rule)][0] == 1


def test_search_many_equals_one_by_one():
    matrix = unit_rows(300)
    index = VectorIndex()
    index.add(np.arange(1, 301), matrix)
    many = index.search_many(matrix[:3], k=4)
    for found, row in zip(many, matrix[:3], strict=True):
        single = index.search(row, k=4)
        assert [i for i, _ in found] == [i for i, _ in single]
        assert [s for _, s in found] == pytest.approx([s for _, s in single], abs=1e-5)
    assert VectorIndex().search_many(matrix[:2], k=4) == [[], []]


def test_relevance_floor_cuts_semantic_and_hybrid_results_only():
    from checks.search import above_floor

    results = [{"claim_id": 1, "score": 0.8}, {"claim_id": 2, "score": 0.1}]
    assert above_floor(results, "semantic", 0.3) == ([results[0]], 1)
    assert above_floor(results, "hybrid", 0.3) == ([results[0]], 1)
    assert above_floor(results, "keyword", 0.3) == (results, 0)
    # A hybrid score is the re-ranker's probability: the floor is on the relevance it carries.
    reranked = [{"claim_id": 3, "score": 0.02, "relevance": 0.6},
                {"claim_id": 4, "score": 0.9, "relevance": 0.2}]  # fmt: skip
    assert above_floor(reranked, "hybrid", 0.3) == ([reranked[0]], 1)
