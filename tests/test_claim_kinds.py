"""Tests for checks/claim_kinds.py: speakers, statistic quantities and kind precedence."""

from __future__ import annotations

import pytest

from checks import claim_kinds
from checks.spans import Quantity


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ('"It is over," said Anna Berg.', "Anna Berg"),
        ('"It is over," Berg said.', "Berg"),
        ('"It is over," he said.', "he"),
        ("Gov. Ray Tull said the plant would stay open.", "Gov. Ray Tull"),
        ("Prices doubled, according to Lena Osei.", "Lena Osei"),
        ("The plant will stay open, said Ray Tull.", "Ray Tull"),
        ("The report said prices doubled.", None),
        ("It was a quiet year for the town.", None),
    ],
    ids=[
        "said-name",
        "name-said",
        "pronoun",
        "title",
        "according-to",
        "said-at-end",
        "the",
        "none",
    ],  # fmt: skip
)
def test_find_speaker(sentence: str, speaker: str | None) -> None:
    assert claim_kinds.find_speaker(sentence) == speaker


def quantity(text: str, kind: str, value: float = 1.0) -> Quantity:
    return Quantity(0, len(text), text, value, None, kind)


def test_statistic_quantities_skip_years_ordinals_and_one() -> None:
    found = [
        quantity("2019", "year", 2019),
        quantity("third", "ordinal", 3),
        quantity("one", "count"),
        quantity("12", "count", 12),
    ]
    assert [q.text for q in claim_kinds.statistic_quantities(found)] == ["12"]


def test_statistic_wins_over_opinion() -> None:
    kind, reasons = claim_kinds.classify(
        "We should cut taxes by 10 percent.", [quantity("10 percent", "percent", 10)], None
    )
    assert kind == "statistic"
    assert reasons == ["gives a percentage", "opinion marker: 'should'"]


def test_pronoun_quote_reason() -> None:
    _, reasons = claim_kinds.classify('"We lost the vote badly," she said.', [], "she")
    assert "quotes someone" in reasons


@pytest.mark.parametrize(
    ("sentence", "compares"),
    [
        ("They will buy at least 5 tanks a month.", False),
        ("The plan allows at most 30 stops.", False),
        ("It is the most expensive plan in years.", True),
        ("Tram fares are higher than bus fares.", True),
    ],
)
def test_at_least_and_at_most_are_qualifiers_not_comparisons(sentence: str, compares: bool):
    _, reasons = claim_kinds.classify(sentence, [], None)
    assert any("compar" in reason for reason in reasons) == compares


def test_every_claimant_pattern_holds_a_saying_cue() -> None:
    """find_speaker skips sentences without a verb of saying: every pattern must need one."""
    for pattern in claim_kinds._CLAIMANT_PATTERNS:
        assert claim_kinds._SAY in pattern.pattern or "according to" in pattern.pattern
    for verb in claim_kinds._SAY_VERBS:
        assert any(cue in verb for cue in claim_kinds._SAYING), verb
    assert claim_kinds.find_speaker("Prices rose, according to Maria Okafor.") == "Maria Okafor"
    assert claim_kinds.find_speaker("“Prices rose,” she conceded.") == "she"
