"""Re-ranking of search candidates: features of a (query, earlier claim) pair and a logistic
model over them (weights in `rerank.npz`, numpy at run time, reproduced by
`bench/train_rerank.py`); its score is the probability that the earlier claim is the one the
query repeats. Between near-twins, the one whose figures agree with the query's ranks first."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from checks import match as match_mod
from checks.search import fuse, keyword_terms
from checks.spans import Quantity

WEIGHTS_PATH = Path(__file__).with_name("rerank.npz")
RANK_DEPTH = 100  # candidates beyond this rank on one side count as absent from it
RERANK_DEPTH = 100  # fused first-stage candidates the model re-ranks
# Two claims whose words (figures aside) overlap this much are near-twins: their figures decide.
TWIN_OVERLAP = 0.8

FEATURE_NAMES: tuple[str, ...] = (
    "cosine",
    "cosine_gap",  # cosine minus the best cosine among the candidates
    "bm25_relative",  # BM25 over the best BM25 of the query (0: not a keyword candidate)
    "title_cosine",
    "title_gap",
    "has_title",
    "word_recall",  # share of the query's content words found in the claim or its title
    "word_precision",  # share of the claim's content words found in the query
    "entity_recall",  # share of the query's names found in the claim or its title
    "has_entities",
    "numbers_same",
    "numbers_differ",
    "numbers_distance",
    "length_ratio",  # |log(claim words / query words)|
    "semantic_rank",  # log(1 + rank) / log(1 + RANK_DEPTH); 1 when absent
    "keyword_rank",
)

# A pasted tweet ends with "— Name (@handle) January 14, 2020": its date is no claim's figure.
_TWEET_SIGNATURE = re.compile(r"[—–-]+\s*[^—–\n]{0,80}\(@\w+\)\s+\w+ \d{1,2}, \d{4}\s*\"?\s*$")
_LINK = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|www\.\S+")
_NAME = re.compile(r"(?<![\w'’])[A-Z][\w'’-]*|#\w+|@\w+")
_STEM = re.compile(r"(?:'s|’s|ies|es|s|ing|ed)$")


@dataclass(frozen=True)
class Candidate:
    """An earlier claim found for a query, with what the first stage knew of it."""

    claim_id: int
    text: str
    cosine: float
    bm25: float = 0.0  # 0: not among the keyword candidates
    semantic_rank: int | None = None  # 1-based; None: not among the vector candidates
    keyword_rank: int | None = None
    title: str | None = None
    title_cosine: float | None = None
    quantities: Sequence[Quantity | dict] = field(default=())
    fused: float = 0.0  # the first stage's score: cosine plus up to 0.15 for shared keywords


@dataclass(frozen=True)
class Ranked:
    """A re-ranked candidate: its score (0..1) and how its figures compare with the query's."""

    claim_id: int
    score: float
    numbers: str
    fused: float = 0.0  # the first stage's score (Candidate.fused), for a relevance floor


def query_body(text: str) -> str:
    """Return a query without links and the signature line of a pasted tweet."""
    return _LINK.sub(" ", _TWEET_SIGNATURE.sub(" ", text))


def _stems(text: str) -> set[str]:
    return {_stem(t) for t in keyword_terms(text, limit=200)}


@functools.lru_cache(maxsize=1 << 16)
def _stem(token: str) -> str:
    return _STEM.sub("", token) if len(token) > 4 else token


def _terms(text: str) -> list[str]:
    """Return all the distinct content words of a text (keyword_terms without its limit)."""
    return keyword_terms(text, limit=len(text) + 1)


def _claim_words(
    text: str, title: str | None
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Return a claim's own word stems (its text's), the stems of its text and title, and the
    words of both: what the features compare with the query's. Each text and title is split
    into words once (the words of "text title" are the text's followed by the title's new
    ones)."""
    own_terms = _terms(text)
    joint = list(dict.fromkeys(own_terms + _terms(title))) if title else own_terms
    own = frozenset(map(_stem, own_terms[:200]))
    words = frozenset(map(_stem, joint[:200])) if title else own
    return own, words, frozenset(joint[:500])


def _names(text: str) -> set[str]:
    """Return the lower-cased capitalised words of a text, not counting sentence starts."""
    out = set()
    for hit in _NAME.finditer(text):
        before = text[: hit.start()].rstrip()
        if before and before[-1] not in '.!?"“:' and hit.group().lower() not in _COMMON:
            out.add(hit.group().lstrip("#@").lower())
    return out


_COMMON = frozenset("i the a an this that it he she we they you".split())


def _rank_feature(rank: int | None) -> float:
    if rank is None or rank > RANK_DEPTH:
        return 1.0
    return math.log1p(rank) / math.log1p(RANK_DEPTH)


def features(
    query: str, quantities: Sequence[Quantity | dict], candidates: Sequence[Candidate]
) -> tuple[np.ndarray, list[str]]:
    """Return the feature matrix (one row per candidate, FEATURE_NAMES columns) and each
    candidate's numbers flag against `quantities` (the query's, read from `query_body`)."""
    matrix, flags, _ = _features(query, quantities, candidates)
    return matrix, flags


def _features(
    query: str, quantities: Sequence[Quantity | dict], candidates: Sequence[Candidate]
) -> tuple[np.ndarray, list[str], list[frozenset[str]]]:
    """Return `features` and each candidate's own word stems (its text's, title left out)."""
    body = query_body(query)
    query_words, query_names = _stems(body), _names(body)
    n_query = max(len(body.split()), 1)
    best_cosine = max((c.cosine for c in candidates), default=0.0)
    best_bm25 = max((c.bm25 for c in candidates), default=0.0)
    # A claim without a title stands for its own title (most archives have none).
    heads = [c.cosine if c.title_cosine is None else c.title_cosine for c in candidates]
    best_title = max(heads, default=0.0)
    rows, flags, owns = [], [], []
    for c, title_cosine in zip(candidates, heads, strict=True):
        own, words, tokens = _claim_words(c.text, c.title)
        owns.append(own)
        flag, distance = match_mod.compare_numbers(quantities, c.quantities)
        rows.append(
            [
                c.cosine,
                c.cosine - best_cosine,
                c.bm25 / best_bm25 if best_bm25 > 0 else 0.0,
                title_cosine,
                title_cosine - best_title,
                float(c.title_cosine is not None),
                len(query_words & words) / len(query_words) if query_words else 0.0,
                len(own & query_words) / len(own) if own else 0.0,
                len(query_names & tokens) / len(query_names) if query_names else 0.0,
                float(bool(query_names)),
                float(flag == "same"),
                float(flag == "differ"),
                distance,
                abs(math.log(max(len(c.text.split()), 1) / n_query)),
                _rank_feature(c.semantic_rank),
                _rank_feature(c.keyword_rank),
            ]
        )
        flags.append(flag)
    matrix = np.asarray(rows, dtype=np.float64).reshape(len(candidates), len(FEATURE_NAMES))
    return matrix, flags, owns


def first_stage(
    semantic: dict[int, float], keyword: dict[int, float], depth: int = RERANK_DEPTH
) -> list[Candidate]:
    """Return the `depth` best candidates of the fused first stage (cosine plus relative BM25,
    checks.search.fuse) with their cosine, BM25 and rank on each side; text, title and figures
    are left for the caller to fill in (dataclasses.replace)."""
    semantic_rank = _ranks(semantic)
    keyword_rank = _ranks(keyword)
    fused = fuse(semantic, keyword)[:depth]
    return [
        Candidate(
            i,
            "",
            semantic[i],
            keyword.get(i, 0.0),
            semantic_rank.get(i),
            keyword_rank.get(i),
            fused=score,
        )  # fmt: skip
        for i, score in fused
    ]


def _ranks(scores: dict[int, float]) -> dict[int, int]:
    order = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
    return {claim_id: rank for rank, (claim_id, _) in enumerate(order, start=1)}


@dataclass(frozen=True)
class Model:
    """A logistic model over standardised FEATURE_NAMES: the log-odds that a candidate is the
    claim the query repeats are bias + weights . (features - mean) / scale."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        """Return the log-odds of each row of a feature matrix."""
        return self.bias + ((np.asarray(matrix) - self.mean) / self.scale) @ self.weights

    def scores(self, matrix: np.ndarray) -> np.ndarray:
        """Return the probability of each row (0..1)."""
        return 1.0 / (1.0 + np.exp(-self.logits(matrix)))

    def save(self, path: str | Path) -> None:
        """Write the model as a plain .npz (no pickles)."""
        np.savez(
            path, mean=self.mean, scale=self.scale, weights=self.weights,
            bias=np.array(self.bias), names=np.array(FEATURE_NAMES),
        )  # fmt: skip


def load_model(path: str | Path = WEIGHTS_PATH) -> Model:
    """Return the model stored at `path`; raise ValueError when its features are not ours."""
    with np.load(path, allow_pickle=False) as data:
        if tuple(data["names"].tolist()) != FEATURE_NAMES:
            raise ValueError(f"{path}: trained on other features; run bench/train_rerank.py")
        return Model(data["mean"], data["scale"], data["weights"], float(data["bias"]))


@functools.cache
def default_model() -> Model:
    """Return the committed model (loaded once per process)."""
    return load_model()


def rerank(
    query: str,
    quantities: Sequence[Quantity | dict],
    candidates: Sequence[Candidate],
    model: Model | None = None,
) -> list[Ranked]:
    """Return the candidates ordered by the model's score, best first (ties by claim id)."""
    if not candidates:
        return []
    matrix, flags, owns = _features(query, quantities, candidates)
    scores = _twins_agree_first(owns, flags, (model or default_model()).scores(matrix))
    ranked = [
        Ranked(c.claim_id, float(s), f, c.fused)
        for c, s, f in zip(candidates, scores, flags, strict=True)
    ]
    ranked.sort(key=lambda r: (-r.score, r.claim_id))
    return ranked


@functools.lru_cache(maxsize=1 << 16)
def _has_digit(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


def _twins_agree_first(
    stems: Sequence[frozenset[str]], flags: Sequence[str], scores: np.ndarray
) -> np.ndarray:
    """Return the scores with each candidate whose figures differ from the query's put just
    below its near-twins whose figures do not (the model alone may not tell them apart);
    `stems` are each candidate's word stems (its figures are left out here)."""
    scores = scores.copy()
    differ = [n for n, flag in enumerate(flags) if flag == "differ"]
    if not differ or len(differ) == len(flags):
        return scores
    words = [{w for w in own if not _has_digit(w)} for own in stems]
    for n in differ:
        twins = [
            scores[m] for m in range(len(words))
            if flags[m] != "differ" and _overlap(words[n], words[m]) >= TWIN_OVERLAP
        ]  # fmt: skip
        if twins:
            scores[n] = min(scores[n], max(min(twins) - 1e-6, 0.0))
    return scores


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
