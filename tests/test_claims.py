"""Tests for checks/claims.py: candidates, kinds, claimants, reasons, scores and line scores."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks import claims
from checks.clean import clean_path
from checks.segment import split_sentences

GOLDEN = json.loads((Path(__file__).parent / "golden" / "claims.json").read_text("utf-8"))


def cases(section: str) -> list:
    """Return the golden cases of a section as pytest params with ids (xfail where marked)."""
    params = []
    for case in GOLDEN[section]:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def vectors_for(texts: list[str], embedder) -> np.ndarray | None:
    """Return embeddings when the scorer reads them, as the pipeline does."""
    return embedder.embed(texts) if claims.needs_vectors() and texts else None


def extract(text: str, embedder, author: str | None = None) -> list:
    """Return the claims of `text`, embedding candidates the way the pipeline does."""
    sentences = split_sentences(text)
    texts = [sentences[i].text for i in claims.claim_candidates(text, sentences)]
    return claims.build_claims(text, sentences, vectors_for(texts, embedder), author=author)


@pytest.mark.parametrize("case", cases("candidates"))
def test_candidates(case: dict) -> None:
    sentences = split_sentences(case["text"])
    found = [sentences[i].text for i in claims.claim_candidates(case["text"], sentences)]
    assert found == case["claims"]


@pytest.mark.parametrize("case", cases("kinds"))
def test_kind(case: dict, fake_embedder) -> None:
    (claim,) = extract(case["text"], fake_embedder)
    assert claim.kind == case["kind"]


@pytest.mark.parametrize("case", cases("claimants"))
def test_claimant(case: dict, fake_embedder) -> None:
    found = extract(case["text"], fake_embedder, author=case["author"])
    assert found[-1].claimant == case["claimant"]


@pytest.mark.parametrize("case", cases("reasons"))
def test_reasons(case: dict, fake_embedder) -> None:
    (claim,) = extract(case["text"], fake_embedder)
    assert set(case["reasons"]) <= set(claim.reasons)
    assert claim.reasons[-1].startswith("score: ")


def test_reasons_are_true_of_the_sentence(fake_embedder) -> None:
    (claim,) = extract("It was a cold and quiet morning in the valley.", fake_embedder)
    assert [r for r in claim.reasons if not r.startswith("score: ")] == []


def test_quantities_shift_to_document_offsets(fake_embedder) -> None:
    text = "Welcome back. The museum received £2 million from the lottery fund."
    (claim,) = extract(text, fake_embedder)
    (money,) = [q for q in claim.quantities if q.kind == "money"]
    assert text[money.start : money.end] == money.text
    assert (money.value, money.unit) == (2e6, "GBP")


def test_threshold_is_the_one_the_readme_states() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    assert f"when its score is at least {claims.THRESHOLD:.2f}" in readme
    lines = f"a line is check-worthy when its score is at least {claims.LINES_THRESHOLD:.2f}"
    assert lines in readme


def test_checkworthy_follows_threshold(fake_embedder) -> None:
    text = "Taxes rose by 4 percent. I love this town so much. We will build the road."
    for claim in extract(text, fake_embedder):
        assert 0.0 <= claim.score <= 1.0
        assert claim.checkworthy == (claim.score >= claims.THRESHOLD)


def test_score_lines_blank_and_offsets(fake_embedder) -> None:
    lines = ["Unemployment fell to 4.2 percent in June.", "", "   ", "Hello there everyone."]
    scored = claims.score_lines(lines, vectors_for(lines, fake_embedder))
    assert len(scored) == 4
    assert scored[1] == claims.LineScore(0.0, False, "other", ())
    assert scored[2].score == 0.0 and not scored[2].checkworthy
    (percent,) = scored[0].quantities
    assert lines[0][percent.start : percent.end] == percent.text
    assert scored[0].kind == "statistic"


def test_score_lines_empty() -> None:
    assert claims.score_lines([]) == []


@pytest.mark.model
def test_statistic_outranks_opinion_and_greeting(real_embedder) -> None:
    lines = [
        "The federal deficit grew from $400 billion to $1.2 trillion in four years.",
        "I think we all love this wonderful country.",
        "Thank you all so much for being here tonight.",
    ]
    scores = [s.score for s in claims.score_lines(lines, vectors_for(lines, real_embedder))]
    assert scores[0] > max(scores[1:])
    assert scores[0] >= claims.LINES_THRESHOLD > max(scores[1:])


CARD_EXAMPLES = [
    ("€178 billion", 178e9, "EUR"),
    ("$300 billion", 300e9, "USD"),
    ("45 percent", 45.0, "%"),
]


@pytest.mark.model
@pytest.mark.parametrize(("needle", "value", "unit"), CARD_EXAMPLES, ids=["eur", "usd", "pct"])
def test_founding_article_cards(shared_data, real_embedder, needle, value, unit) -> None:
    document = clean_path(next((shared_data / "articles").glob("000_*.txt")))
    found = extract(document.text, real_embedder, author=document.author)
    (claim,) = [c for c in found if needle in c.text]
    assert claim.checkworthy
    assert claim.kind == "statistic"
    assert any(q.value == value and q.unit == unit for q in claim.quantities)
    for quantity in claim.quantities:
        assert document.text[quantity.start : quantity.end] == quantity.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab C.?!\n\"'$5%,:€")), max_size=80))
def test_build_claims_any_text(text: str) -> None:
    from checks.embed import FakeEmbedder

    for claim in extract(text, FakeEmbedder()):
        assert text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.score <= 1.0
        for quantity in claim.quantities:
            assert text[quantity.start : quantity.end] == quantity.text


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=60))
def test_build_claims_any_unicode(text: str) -> None:
    from checks.embed import FakeEmbedder

    for claim in extract(text, FakeEmbedder()):
        assert text[claim.start : claim.end] == claim.text


def _candidate_seconds(text: str) -> float:
    """Return the least CPU seconds of three runs of candidate selection over `text`."""
    sentences = split_sentences(text)
    runs = []
    for _ in range(3):
        started = time.process_time()
        claims.claim_candidates(text, sentences)
        runs.append(time.process_time() - started)
    return min(runs)


def test_candidate_selection_is_linear() -> None:
    # Copying the text around every sentence made this quadratic: 8x the text took 64x the time
    # (a 20 MB transcript never finished). Linear work takes about 8x; 20x leaves room for noise.
    unit = "The minister said unemployment fell to 4.1 percent in March.\nJobs Report\n"
    small, large = unit * 2_500, unit * 20_000
    ratio = _candidate_seconds(large) / _candidate_seconds(small)
    assert ratio < 20, f"8x the text took {ratio:.0f}x the time"


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Jobs Report\nThe minister said unemployment fell sharply.", True),
        ("  Jobs Report  \t\nThe minister said unemployment fell sharply.", True),
        ("Intro text here.\n\t Jobs Report for March\n", True),
        ("Jobs Report for March. The minister said it fell.", False),
        ("He spoke. Jobs Report for March\nThe minister said it fell.", False),
    ],
)
def test_heading_alone_on_its_line(text: str, heading: bool) -> None:
    sentences = split_sentences(text)
    first = next(s for s in sentences if s.text.startswith("Jobs"))
    assert claims._is_heading(text, first, 4) is heading
