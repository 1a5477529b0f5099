"""Embedders: the deterministic fake, and the packaged model loaded with no network."""

import numpy as np
import pytest

from checks.embed import FakeEmbedder, LazyEmbedder, content_hash, load_embedder
from checks.errors import InvalidValue


def test_fake_is_deterministic_and_normalised():
    fake = FakeEmbedder()
    a = fake.embed(["Europe spent 178 billion", "Europe spent 178 billion", "cats"])
    assert a.shape == (3, 384) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-6)
    assert np.array_equal(a[0], a[1]) and a[0] @ a[2] < 0.5


def test_load_embedder_settings(tmp_path):
    assert isinstance(load_embedder("fake"), FakeEmbedder)
    lazy = load_embedder("")
    assert isinstance(lazy, LazyEmbedder) and lazy.model_id == "all-MiniLM-L6-v2"
    assert lazy._loaded is None  # nothing loads until the first embed
    with pytest.raises(InvalidValue, match="no such model folder"):
        load_embedder(str(tmp_path / "missing"))


def test_content_hash_is_stable():
    assert content_hash("abc") == content_hash("abc") != content_hash("abd")


@pytest.mark.model
def test_real_model_ranks_paraphrase_far_above_unrelated(real_embedder, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    claim, paraphrase, unrelated = real_embedder.embed(
        [
            "Europe has invested €178 billion in the war in Ukraine",
            "European countries have spent 178 billion euros on the Ukrainian war",
            "The recipe needs two eggs and a cup of flour",
        ]
    )
    assert claim @ paraphrase > 0.75
    assert claim @ unrelated < 0.2
    assert real_embedder.dimension == 384
