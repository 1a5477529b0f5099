"""Tests for checks/checkworthiness.py: features, hashing, weights file and scores."""

from __future__ import annotations

import numpy as np
import pytest

from checks import checkworthiness as cw


def test_tokens_collapse_numbers() -> None:
    assert cw.tokens("Spending rose 4.5% to $1,200") == [
        "spending", "rose", "<num>", "%", "to", "$", "<num>",
    ]  # fmt: skip


def test_ngram_buckets_are_stable_and_distinct() -> None:
    first = cw.ngram_buckets("the the tax cut")
    assert np.array_equal(first, cw.ngram_buckets("the the tax cut"))
    assert len(first) == len(set(first.tolist()))
    assert first.max() < cw.HASH_SIZE


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("We spent $4 billion on it.", "money"),
        ("Turnout was 60 percent.", "percent"),
        ("I think that is wrong.", "opinion"),
        ("Thank you very much.", "thanks"),
        ("Is that right?", "question"),
    ],
    ids=["money", "percent", "opinion", "thanks", "question"],
)
def test_hand_features_fire(text: str, feature: str) -> None:
    values = dict(zip(cw.FEATURE_NAMES, cw.hand_features(text), strict=True))
    assert values[feature] == 1.0


def test_hand_matrix_empty() -> None:
    assert cw.hand_matrix([]).shape == (0, len(cw.FEATURE_NAMES))


def test_save_and_load_round_trip(tmp_path) -> None:
    model = cw.Model(
        dense=np.arange(len(cw.FEATURE_NAMES), dtype=np.float32),
        ngram=np.zeros(cw.HASH_SIZE, dtype=np.float32),
        embed=np.zeros(0, dtype=np.float32),
        bias=-1.5,
        threshold=0.4,
    )
    cw.save_model(model, tmp_path / "w.npz")
    loaded = cw.load_model(tmp_path / "w.npz")
    assert loaded.threshold == pytest.approx(0.4) and not loaded.uses_vectors
    assert np.array_equal(loaded.dense, model.dense)


def test_committed_weights_are_small_and_valid() -> None:
    assert cw.WEIGHTS_PATH.stat().st_size < 2_000_000
    model = cw.load_model()
    assert 0.0 < model.threshold < 1.0
    assert model.dense.shape == (len(cw.FEATURE_NAMES),)


def test_scores_without_or_with_foreign_vectors() -> None:
    model = cw.load_model()
    texts = ["Taxes rose by 4 percent last year.", "Hello everyone and welcome."]
    for vectors in (None, np.ones((2, 7), dtype=np.float32)):
        scores = model.scores(texts, vectors)
        assert scores.shape == (2,) and np.all((scores >= 0) & (scores <= 1))


def test_top_cues_are_words_of_the_sentence() -> None:
    text = "Unemployment fell by two million under this administration."
    for cue in cw.load_model().top_cues(text):
        assert all(word in cw.tokens(text) for word in cue.split())
