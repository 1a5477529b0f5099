"""Number twins (bench/number_twins.py): an archive claim and its twin with one figure changed.
Search ranks the claim whose figures agree with the query above its twin, and flags the twin
`differ`, even under a model that prefers the twin."""

import dataclasses
import json

import pytest

from bench.number_twins import change_figure, make_twin, twin_ids, write_twins
from checks import rerank
from checks.rerank import FEATURE_NAMES
from checks.workflows.imports import import_archive
from checks.workflows.searching import search

# (tweet, archive claim, title), paired as CLEF 2020 task 2 pairs them.
PAIRS = [
    (
        "122 Gitmo detainees released under Obama went back to terror https://t.co/x1",
        "122 detainees released from confinement at Guantanamo Bay under President Obama have "
        "re-engaged in terrorist activities.",
        "Did 122 Prisoners Released from Guantanamo by President Obama Return to the Battlefield?",
    ),
    (
        "Iran puts an $80M bounty on Trump's head — Ann (@ann) January 5, 2020",
        "Iran has offered an $80M bounty for the head of U.S. President Donald Trump.",
        "Did Iran Offer an $80M Bounty for Trump's Head?",
    ),
    (
        "5 million bikers are riding to DC to end the Russia investigation",
        "A video shows 5 million bikers on their way to Washington D.C. to demand an end to the "
        "Russia investigation.",
        "",
    ),
    (
        "Crime in Chicago rose 48 percent last year, says the mayor",
        "Crime in Chicago rose 48 percent last year.",
        "",
    ),
]


def test_change_figure_makes_a_different_value():
    assert change_figure("178") == "187"
    assert change_figure("2020", "year") == "2021"
    assert change_figure("5") == "6"
    assert change_figure("$80M") == "$90M"


def _twins():
    twins = [make_twin(str(n), q, f"C{n}", c, t or None) for n, (q, c, t) in enumerate(PAIRS)]
    assert all(twins), [n for n, t in enumerate(twins) if t is None]
    return twins


@pytest.fixture(params=["committed model", "model preferring differing figures"])
def model(request, monkeypatch):
    """The committed re-ranker, or one whose weights favour a claim whose figures differ (then
    only the near-twin rule can put the agreeing claim first)."""
    if request.param != "committed model":
        committed = rerank.default_model()
        weights = committed.weights.copy()
        weights[FEATURE_NAMES.index("numbers_differ")] = 5.0
        weights[FEATURE_NAMES.index("numbers_same")] = -5.0
        changed = dataclasses.replace(committed, weights=weights)
        monkeypatch.setattr(rerank, "default_model", lambda: changed)
    return request.param


def test_unchanged_twin_ranks_above_the_perturbed_one(database, tmp_path, fake_embedder, model):
    twins = _twins()
    names = twin_ids(twins)
    archive = tmp_path / "archive.jsonl"
    archive.write_text("".join(
        json.dumps({"id": t.claim_id, "claim": t.text, "title": t.title or ""}) + "\n"
        for t in twins
    ))  # fmt: skip
    write_twins(tmp_path / "twins.tsv", twins, names)
    import_archive(database, archive, fake_embedder, id_column="id", title_column="title")
    import_archive(database, tmp_path / "twins.tsv", fake_embedder, id_column="id",
                   title_column="title", archive="twins")  # fmt: skip
    for t in twins:
        found = [(r["external_id"], r["numbers"]) for r in search(database, t.query, fake_embedder)]
        ids = [i for i, _ in found]
        twin = names[t.claim_id, t.perturbed]
        assert ids.index(t.claim_id) < ids.index(twin), (model, t.query, found)
        assert dict(found)[twin] == "differ" and dict(found)[t.claim_id] != "differ", found
