"""The re-ranker: pair features, the numpy tree model, and figures deciding between near-twins."""

import numpy as np
import pytest

from checks import rerank
from checks.quantities import find_quantities
from checks.rerank import FEATURE_NAMES, Candidate, Model, features, query_body


def _model() -> Model:
    """log-odds = 0.5 + 2 * (cosine - 0.5) / 0.25 - 3 * numbers_differ."""
    weights = np.zeros(len(FEATURE_NAMES))
    weights[0] = 2.0
    weights[FEATURE_NAMES.index("numbers_differ")] = -3.0
    mean = np.zeros(len(FEATURE_NAMES))
    mean[0] = 0.5
    scale = np.ones(len(FEATURE_NAMES))
    scale[0] = 0.25
    return Model(mean, scale, weights, 0.5)


def test_logistic_model_standardises_then_weighs():
    matrix = np.zeros((3, len(FEATURE_NAMES)))
    matrix[:, 0] = [0.5, 0.75, 0.75]
    matrix[2, FEATURE_NAMES.index("numbers_differ")] = 1.0
    assert _model().logits(matrix).tolist() == [0.5, 2.5, -0.5]
    assert np.allclose(_model().scores(matrix), 1 / (1 + np.exp(-np.array([0.5, 2.5, -0.5]))))


def test_model_round_trips_through_npz(tmp_path):
    path = tmp_path / "m.npz"
    _model().save(path)
    loaded = rerank.load_model(path)
    matrix = np.random.default_rng(0).random((5, len(FEATURE_NAMES)))
    assert np.allclose(loaded.logits(matrix), _model().logits(matrix))


def test_model_with_other_features_is_refused(tmp_path):
    path = tmp_path / "m.npz"
    np.savez(path, names=np.array(["cosine"]), feature=np.zeros((1, 1)))
    with pytest.raises(ValueError, match="other features"):
        rerank.load_model(path)


def test_query_body_drops_links_and_tweet_signature():
    tweet = (
        "Obama released 122 detainees pic.twitter.com/abc https://t.co/x "
        "— Some One (@someone) January 14, 2020"
    )
    body = query_body(tweet)
    assert "2020" not in body and "t.co" not in body and "122 detainees" in body


def _twin(claim_id: int, text: str, cosine: float) -> Candidate:
    return Candidate(claim_id, text, cosine, 5.0, claim_id, claim_id,
                     quantities=find_quantities(text))  # fmt: skip


def test_features_flag_the_differing_figure():
    query = "The bank froze 178 billion in assets"
    twins = [
        _twin(1, "The bank froze €178 billion in Russian assets.", 0.9),
        _twin(2, "The bank froze €187 billion in Russian assets.", 0.9),
    ]
    matrix, flags = features(query, find_quantities(query), twins)
    assert flags == ["same", "differ"]
    assert matrix.shape == (2, len(FEATURE_NAMES))
    distance = FEATURE_NAMES.index("numbers_distance")
    assert matrix[0, distance] == 0 and 0.04 < matrix[1, distance] < 0.06


def test_committed_model_ranks_the_agreeing_twin_first():
    query = "Crime rose 48 percent in Chicago last year, says the mayor"
    twins = [  # the differing twin even scores a little higher in cosine
        _twin(1, "Crime rose 38 percent in Chicago last year.", 0.83),
        _twin(2, "Crime rose 48 percent in Chicago last year.", 0.82),
    ]
    ranked = rerank.rerank(query, find_quantities(query), twins)
    assert [r.claim_id for r in ranked] == [2, 1]
    assert [r.numbers for r in ranked] == ["same", "differ"]
    assert all(0 <= r.score <= 1 for r in ranked)


def test_near_twin_whose_figures_differ_goes_below_even_when_the_model_prefers_it():
    query = "Obama released 122 detainees who went back to terrorism"
    twins = [
        _twin(1, "122 detainees released by Obama have re-engaged in terrorist activities.", 0.8),
        _twin(2, "112 detainees released by Obama have re-engaged in terrorist activities.", 0.8),
        _twin(3, "Obama sent 150 detainees from Guantanamo to Europe.", 0.8),
    ]
    model = Model(np.zeros(len(FEATURE_NAMES)), np.ones(len(FEATURE_NAMES)),
                  np.zeros(len(FEATURE_NAMES)), 0.0)  # fmt: skip
    favour_differ = _replace_weight(model, "numbers_differ", 5.0)
    ranked = rerank.rerank(query, find_quantities(query), twins, favour_differ)
    order = [r.claim_id for r in ranked]
    assert order.index(1) < order.index(2)
    assert {r.claim_id: r.numbers for r in ranked} == {1: "same", 2: "differ", 3: "differ"}
    assert order[0] == 3  # not a near-twin of an agreeing claim: the model's score stands


def _replace_weight(model: Model, name: str, weight: float) -> Model:
    weights = model.weights.copy()
    weights[FEATURE_NAMES.index(name)] = weight
    return Model(model.mean, model.scale, weights, model.bias)


def test_first_stage_keeps_the_fused_best_with_ranks_on_each_side():
    semantic = {1: 0.9, 2: 0.8, 3: 0.7}
    keyword = {3: 12.0, 4: 6.0}
    found = rerank.first_stage(semantic | {4: 0.1}, keyword, depth=3)
    assert [c.claim_id for c in found] == [1, 3, 2]
    by_id = {c.claim_id: c for c in found}
    assert (by_id[3].semantic_rank, by_id[3].keyword_rank, by_id[3].bm25) == (3, 1, 12.0)
    assert by_id[1].keyword_rank is None and by_id[1].bm25 == 0.0
