"""Search maths: the per-process vector index, keyword query building, and the fusion of
vector and keyword candidates with number-aware re-ranking (the rule is measured in bench/)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

# loader(high_water) -> (claim ids above it, ascending, and their unit vectors).
Loader = Callable[[int], tuple[np.ndarray, np.ndarray]]
# fetch(ids) -> unit vectors of these claims, in order (exact, for re-scoring).
Fetch = Callable[[Sequence[int]], np.ndarray]

EXACT_LIMIT = 50_000
RESCORE = 64  # approximate candidates re-scored exactly
RETRAIN_GROWTH = 4  # re-cluster when the index has grown this many times since training
TRAIN_CHUNK = 50_000  # vectors added to a new index at a time (a re-cluster fetches them so)
# Clusters scanned per query: a sixth of them, within these bounds. bench/search_scale.py
# measured recall@10 >= 0.99 against exact search this way at 100k and 1M claims.
NPROBE_MIN, NPROBE_MAX = 64, 128

_STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does for from had has have he her his
    how i if in into is it its just me my no not of on or our she so than that the their them
    then there these they this to was we were what when where which who why will with would you
    your rt via amp http https www com pic twitter status""".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_LINKS = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|@\w+")


class VectorIndex:
    """Unit vectors of claims, searched by cosine. Exact (numpy) up to `exact_limit` vectors;
    beyond, a faiss IVF index of 8-bit scalar-quantised codes whose top candidates are
    re-scored exactly with vectors from `fetch`. Thread-safe; refreshed incrementally."""

    def __init__(
        self, dimension: int = 0, fetch: Fetch | None = None, exact_limit: int = EXACT_LIMIT
    ):
        self.dimension = dimension  # 0: taken from the first vectors added
        self.high_water = 0
        self._fetch = fetch
        self._exact_limit = exact_limit
        self._lock = threading.Lock()
        self._ids = np.zeros(0, dtype=np.int64)
        self._matrix = np.zeros((0, dimension), dtype=np.float32)
        self._ann = None  # faiss index once the exact scan would be too slow
        self._trained_at = 0
        self.nprobe: int | None = None  # None: chosen from the number of clusters

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def approximate(self) -> bool:
        return self._ann is not None

    def refresh(self, loader: Loader) -> int:
        """Load the claims above the high-water mark; return how many were added."""
        with self._lock:
            ids, vectors = loader(self.high_water)
            self._add(ids, vectors)
            return len(ids)

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add vectors of claims (ids above the high-water mark)."""
        with self._lock:
            self._add(np.asarray(ids, dtype=np.int64), vectors)

    def _add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if not len(ids):
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(ids), -1)
        if not self.dimension:
            self.dimension = vectors.shape[1]
            self._matrix = np.zeros((0, self.dimension), dtype=np.float32)
        self._ids = np.concatenate([self._ids, ids])
        self.high_water = max(self.high_water, int(ids.max()))
        if self._ann is None:
            self._matrix = np.concatenate([self._matrix, vectors])
            if len(self._ids) > self._exact_limit and self._fetch is not None:
                self._train()
        elif len(self._ids) >= RETRAIN_GROWTH * self._trained_at:
            # Grown a lot: new clusters, from vectors fetched a chunk at a time (never all).
            self._train(lambda rows: self._fetch(self._ids[rows].tolist()))
        else:
            self._ann.add(vectors)

    def _train(self, vectors: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        """Build the IVF-SQ8 index over the vectors of every id in self._ids; `vectors(rows)`
        gives the vectors at those positions (default: from the exact matrix)."""
        import faiss

        vectors = vectors or (lambda rows: self._matrix[rows])
        count = len(self._ids)
        lists = int(2 * np.sqrt(count))
        quantizer = faiss.IndexFlatIP(self.dimension)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, self.dimension, lists, faiss.ScalarQuantizer.QT_8bit,
            faiss.METRIC_INNER_PRODUCT,
        )  # fmt: skip
        rng = np.random.default_rng(0)
        index.train(vectors(rng.choice(count, min(count, 40 * lists), replace=False)))
        for begin in range(0, count, TRAIN_CHUNK):
            index.add(
                np.ascontiguousarray(vectors(np.arange(begin, min(count, begin + TRAIN_CHUNK))))
            )
        self._ann, self._trained_at = index, count
        self._matrix = np.zeros((0, self.dimension), dtype=np.float32)

    def search(self, query: np.ndarray, k: int = 10) -> list[tuple[int, float]]:
        """Return up to `k` (claim id, cosine) pairs, most similar first."""
        return self.search_many(np.asarray(query, dtype=np.float32).reshape(1, -1), k)[0]

    def search_many(self, queries: np.ndarray, k: int = 10) -> list[list[tuple[int, float]]]:
        """Return the `search` results of each row of `queries`, in one pass over the index."""
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        with self._lock:
            if not len(self._ids) or k <= 0:
                return [[] for _ in queries]
            if self._ann is None:
                out = []
                for begin in range(0, len(queries), 256):
                    scores = queries[begin : begin + 256] @ self._matrix.T
                    out += [_top(self._ids, row, k) for row in scores]
                return out
            lists = self._ann.nlist
            self._ann.nprobe = self.nprobe or min(max(NPROBE_MIN, lists // 6), NPROBE_MAX, lists)
            _, rows = self._ann.search(queries, max(k, RESCORE))
            found = [self._ids[r[r >= 0]] for r in rows]
        return [
            _top(ids, self._fetch(ids.tolist()) @ query, k)
            for ids, query in zip(found, queries, strict=True)
        ]

    def vectors(self, ids: Sequence[int]) -> np.ndarray:
        """Return the exact vectors of these claims (zeros for ids the index lacks)."""
        if self._ann is not None:
            return self._fetch(list(ids))
        with self._lock:
            where = {int(i): n for n, i in enumerate(self._ids)}
            out = np.zeros((len(ids), self.dimension), dtype=np.float32)
            for row, claim_id in enumerate(ids):
                if claim_id in where:
                    out[row] = self._matrix[where[claim_id]]
        return out

    @property
    def nbytes(self) -> int:
        """Return the memory the index holds (vectors or codes, ids, centroids)."""
        if self._ann is None:
            return self._matrix.nbytes + self._ids.nbytes
        codes = self._ann.ntotal * (self.dimension + 8)  # 8-bit codes + the list's ids
        return codes + self._ids.nbytes + self._ann.nlist * self.dimension * 4


def _top(ids: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    if len(scores) > k:
        part = np.argpartition(-scores, k - 1)[:k]
    else:
        part = np.arange(len(scores))
    order = part[np.argsort(-scores[part], kind="stable")]
    return [(int(ids[i]), float(scores[i])) for i in order]


# Keyword queries -----------------------------------------------------------------------------


def keyword_terms(text: str, limit: int = 32) -> list[str]:
    """Return the distinct content words of a text, in order (stopwords and links removed)."""
    if "://" in text or "@" in text or "pic.twitter.com/" in text:
        text = _LINKS.sub(" ", text)
    words = dict.fromkeys(_TOKEN.findall(text.lower().replace("’", "'")))  # first use, in order
    return [t for t in words if t not in _STOPWORDS and (len(t) > 1 or t.isdigit())][:limit]


# Fusion -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FusionRule:
    """score = cosine + keyword_weight * bm25 / best bm25 of the query, + number adjustment."""

    keyword_weight: float = 0.15
    numbers_same: float = 0.01
    numbers_differ: float = 0.01


# Tuned on the CLEF 2020 task 2 training tweets, confirmed on dev (bench/claim_matching.py):
# a keyword weight of 0.15 over a union of 100 + 100 candidates. The number adjustments only
# break near-ties (tweets rarely repeat a claim's numbers, so larger ones measured worse).
DEFAULT_RULE = FusionRule()


# Semantic and hybrid results below this are not shown on the search page: the cosine that keeps
# 99% of the true tweet-claim pairs of CLEF 2020 task 2 train (bench.search_floor). A hybrid
# result is ordered by the re-ranker's probability, but the floor is on its first-stage score
# (cosine plus up to 0.15 for shared keywords, as hybrid scores were before the re-ranker): the
# probability says "the same claim", not "related" (on train, a probability floor keeping 99% of
# the true pairs would be 0.0002). Keyword results have no floor: each holds the query's words.
RELEVANCE_FLOOR = 0.28
# What a result's score means in each search mode, said where the scores are shown.
SCORE_MEANINGS: dict[str, str] = {
    "semantic": "similarity of meaning (cosine, 0 to 1; unrelated sentences score below {floor})",
    "hybrid": "the re-ranker's probability, 0 to 1, that the result states the same claim as "
    "the query (related claims that are not the same one score low); results whose similarity "
    "plus keyword bonus is below {floor} are not shown",
    "keyword": "keyword relevance (BM25, higher is better; not comparable with the other "
    "modes); every result contains words of the query",
}


def score_meaning(mode: str, floor: float = RELEVANCE_FLOOR) -> str:
    """Return one line saying what a search score means in `mode`."""
    return SCORE_MEANINGS[mode].format(floor=f"{floor:.2f}")


def above_floor(results: list[dict], mode: str, floor: float | None) -> tuple[list[dict], int]:
    """Return the results at or above the relevance floor and how many fell below it (a semantic
    result's score is its cosine; a hybrid result carries its first-stage score as `relevance`);
    keyword results have no floor (each one holds the query's words)."""
    if mode == "keyword" or floor is None:
        return results, 0
    kept = [r for r in results if r.get("relevance", r["score"]) >= floor]
    return kept, len(results) - len(kept)


def fuse(
    semantic: dict[int, float],
    keyword: dict[int, float],
    numbers: dict[int, str] | None = None,
    rule: FusionRule = DEFAULT_RULE,
) -> list[tuple[int, float]]:
    """Return (claim id, fused score) pairs, best first.

    `semantic` holds the exact cosine of every candidate (vector and keyword candidates both);
    `keyword` the BM25 score (higher is better) of the keyword candidates; `numbers` the
    numbers flag of each candidate against the query.
    """
    best = max(keyword.values(), default=0.0)
    numbers = numbers or {}
    scored = []
    for claim_id, cosine in semantic.items():
        score = cosine
        if best > 0:
            score += rule.keyword_weight * keyword.get(claim_id, 0.0) / best
        flag = numbers.get(claim_id)
        if flag == "same":
            score += rule.numbers_same
        elif flag == "differ":
            score -= rule.numbers_differ
        scored.append((claim_id, score))
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored
