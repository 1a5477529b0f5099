"""Check-worthiness scorer: a logistic model over hand features, hashed word n-grams and
(optionally) sentence embeddings, with weights loaded from `checkworthiness.npz` (plain numpy)."""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checks import cues

WEIGHTS_PATH = Path(__file__).with_name("checkworthiness.npz")
HASH_BITS = 18
HASH_SIZE = 1 << HASH_BITS

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[$€£¥%]")
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen half"
).split()

# Each hand feature is a (name, pattern, cues) triple: 1.0 when the pattern occurs in the
# sentence. They mirror what fact-checkers look for; the hashed n-grams learn the rest. The cues
# (checks.cues: substrings "a|b", whole words "a b") hold for every match, so a sentence without
# any skips the pattern; a feature without cues is cheap to test.
_PATTERNS: tuple[tuple[str, str, tuple[str, str]], ...] = (
    ("digit", r"\d", ("", "")),
    ("money", r"[$€£¥]\s?\d|\b\d[\d,.]*\s*(?:dollars?|euros?|pounds?|cents?)\b",
     ("$|€|£|¥|dollar|euro|pound|cent", "")),
    ("scale", r"\b(?:million|billion|trillion|thousand|hundred)s?\b",
     ("", "million millions billion billions trillion trillions thousand thousands hundred "
          "hundreds")),
    ("percent", r"%|\bper ?cent\b|\bpercentage\b", ("%", "percent percentage cent")),
    ("year", r"\b(?:1[89]|20)\d\d\b", ("18|19|20", "")),
    ("number_word", r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", ("", " ".join(_NUMBER_WORDS))),
    ("first_singular", r"\b(?:i|me|my|mine|i'm|i've|i'd|i'll)\b", ("", "i me my mine")),
    ("first_plural", r"\b(?:we|us|our|we're|we've|we'll)\b", ("", "we us our")),
    ("second_person", r"\b(?:you|your|you're|you've)\b", ("", "you your")),
    ("opinion", r"\b(?:think|believe|feel|hope|should|must|ought|wish|want)\b",
     ("", "think believe feel hope should must ought wish want")),
    ("future", r"\b(?:will|going to|gonna|'ll)\b", ("", "will going gonna ll")),
    ("comparison", r"\b(?:more|less|fewer|than|most|least|highest|lowest|largest|biggest)\b",
     ("", "more less fewer than most least highest lowest largest biggest")),
    ("change", r"\b(?:increase|decrease|rose|risen|fell|fallen|cut|doubled|tripled|grew)\w*",
     ("increase|decrease|rose|risen|fell|fallen|cut|doubled|tripled|grew", "")),
    ("record", r"\b(?:voted|passed|signed|vetoed|supported|opposed|proposed|created|lost)\b",
     ("", "voted passed signed vetoed supported opposed proposed created lost")),
    ("thanks", r"\b(?:thank|thanks|applause|laughter|good evening|welcome)\b",
     ("", "thank thanks applause laughter evening welcome")),
    ("question", r"\?\s*$", ("", "")),
)  # fmt: skip
# Alternations of whole words and nothing else: the sentence's set of words answers for them.
_WORD_LISTS = frozenset(
    "scale number_word first_singular first_plural second_person opinion comparison record".split()
)
_COMPILED = tuple(
    cues.cued(re.compile(pattern, re.I), parts, words, exact=name in _WORD_LISTS)
    for name, pattern, (parts, words) in _PATTERNS
)
FEATURE_NAMES: tuple[str, ...] = tuple(name for name, _, _ in _PATTERNS) + ("log_words",)


def tokens(text: str) -> list[str]:
    """Return lower-case word, number and symbol tokens; numbers collapse to a digit shape."""
    return ["<num>" if token[0].isdigit() else token for token in _TOKEN.findall(text.lower())]


@functools.lru_cache(maxsize=1 << 17)  # words and word pairs repeat: hash each once
def _bucket(feature: str) -> int:
    # crc32 is stable across processes and platforms, unlike Python's salted hash().
    return zlib.crc32(feature.encode("utf-8")) & (HASH_SIZE - 1)


def ngrams(text: str) -> list[str]:
    """Return the sentence's unigrams and bigrams (bigrams include start and end markers)."""
    words = ["<s>", *tokens(text), "</s>"]
    return words[1:-1] + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def ngram_buckets(text: str) -> np.ndarray:
    """Return the sorted, distinct hash buckets of the sentence's unigrams and bigrams."""
    # The n-grams of `ngrams`, built and hashed without a Python step per n-gram.
    words = tokens(text)
    buckets = set(map(_bucket, words))
    pairs = zip(["<s>", *words], [*words, "</s>"], strict=True)
    buckets.update(map(_bucket, map(" ".join, pairs)))
    return np.array(sorted(buckets), dtype=np.int64)


def hand_features(text: str) -> np.ndarray:
    """Return the dense features of FEATURE_NAMES for one sentence."""
    return np.asarray(_hand_values(text), dtype=np.float32)


def hand_matrix(texts: Sequence[str]) -> np.ndarray:
    """Return hand features for many sentences, shape (n, len(FEATURE_NAMES))."""
    if not texts:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    return np.array([_hand_values(text) for text in texts], dtype=np.float32)


def _hand_values(text: str) -> list[float]:
    folded = cues.fold(text)
    values = [1.0 if pattern.found(text, folded) else 0.0 for pattern in _COMPILED]
    values.append(_log_words(len(text.split())))
    return values


@functools.lru_cache(maxsize=4096)
def _log_words(count: int) -> float:
    return float(np.log1p(count))


@dataclass(frozen=True)
class Model:
    """Learned weights: logistic regression over [hand features, n-gram buckets, embedding]."""

    dense: np.ndarray
    ngram: np.ndarray
    embed: np.ndarray
    bias: float
    threshold: float

    @property
    def uses_vectors(self) -> bool:
        """Return whether the model reads sentence embeddings."""
        return self.embed.size > 0

    def logits(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """Return the raw scores. Vectors of another dimension than the trained one (another
        model) or none at all leave the embedding term out: scores stay valid but weaker."""
        out = hand_matrix(texts) @ self.dense + self.bias
        for row, text in enumerate(texts):
            out[row] += self.ngram[ngram_buckets(text)].sum()
        if self.uses_vectors and vectors is not None and len(texts):
            matrix = np.asarray(vectors, dtype=np.float32)
            if matrix.shape == (len(texts), self.embed.size):
                out += matrix @ self.embed
        return out

    def top_cues(self, text: str, count: int = 2, floor: float = 0.25) -> list[str]:
        """Return up to `count` words or word pairs of `text` that raise its score the most."""
        weights = {g: float(self.ngram[_bucket(g)]) for g in ngrams(text) if "<" not in g}
        ranked = sorted(weights, key=lambda g: -weights[g])
        return [g for g in ranked[:count] if weights[g] >= floor]

    def scores(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """Return probabilities in [0, 1] that each sentence is check-worthy."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(texts, vectors), -30.0, 30.0)))


def save_model(model: Model, path: Path = WEIGHTS_PATH) -> None:
    """Write the model's weights (float16 n-grams keep the file small)."""
    np.savez_compressed(
        path,
        dense=model.dense.astype(np.float32),
        ngram=model.ngram.astype(np.float16),
        embed=model.embed.astype(np.float32),
        bias=np.float32(model.bias),
        threshold=np.float32(model.threshold),
    )


@functools.cache
def load_model(path: Path = WEIGHTS_PATH) -> Model:
    """Return the committed model, loaded once per process."""
    with np.load(path) as data:
        return Model(
            dense=data["dense"].astype(np.float32),
            ngram=data["ngram"].astype(np.float32),
            embed=data["embed"].astype(np.float32),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )
