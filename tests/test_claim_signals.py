"""Tests for checks/claim_signals.py: the signals beyond the learned score, and the final score."""

from __future__ import annotations

import pytest

from checks import claim_signals
from checks.claims import THRESHOLD
from checks.quantities import find_quantities


def test_a_figure_raises_and_document_talk_lowers() -> None:
    figure = "Ferry fares rose by 12 percent in May."
    about = "Further details can be found in the annex of this bulletin."
    assert claim_signals.signals(figure, find_quantities(figure)).shift > 0
    assert claim_signals.signals(about, find_quantities(about)).shift < 0


@pytest.mark.parametrize("turn", ["Q", "q", "REPORTER"])
def test_question_turns_are_not_the_speakers_claims(turn: str) -> None:
    found = claim_signals.signals("Prices went up again last month.", [], turn)
    assert found.shift < 0 and found.reasons == ("a reporter's question, not the speaker's claim",)


def test_final_score_keeps_the_learned_order() -> None:
    scores = [claim_signals.final_score(p, 0.0) for p in (0.1, 0.4, 0.9, 0.999, 0.999999)]
    assert scores == sorted(scores) and len(set(scores)) == len(scores)


def test_final_score_is_no_wall_of_ones() -> None:
    assert claim_signals.final_score(1 - 1e-12, 1.0, position=0.0) < 0.99


def test_the_lead_breaks_ties_among_sure_claims_only() -> None:
    early = claim_signals.final_score(0.9999, 0.0, position=0.0)
    late = claim_signals.final_score(0.9999, 0.0, position=1.0)
    assert early > late
    unsure_early = claim_signals.final_score(0.2, 0.0, position=0.0)
    assert unsure_early == pytest.approx(claim_signals.final_score(0.2, 0.0), abs=0.02)


@pytest.mark.parametrize(
    "sentence",
    [
        # "see" as a verb is no cross-reference.
        "The new levy will see the poorest households pay up to 40 pounds more a year.",
        # A judgement in a relative clause leaves the main clause's claim standing.
        "The dam supplies 30 percent of the region's water, which is critical in summer.",
        # "critical of" criticises; "than was necessary" compares.
        "The auditor was critical of the council's accounts for 2023.",
        "The city spent more than was necessary on the stadium roof.",
        # A promised benefit with its figure is a claim to check.
        "The scheme will help households save up to 300 pounds a year on heating.",
        # A plan's contents, not "what the town is all about".
        "Fishing is what this town is all about, and 600 boats still sail from it.",
        # Not answering a crisis, or asking for a response, is no request for comment.
        "The government did not respond to the floods for eleven days.",
        "The firm asked regulators for a response by June.",
    ],
)
def test_claims_that_resemble_signals_are_left_alone(sentence: str) -> None:
    found = claim_signals.signals(sentence, find_quantities(sentence))
    assert found.reasons == ()


def test_a_list_intro_stays_below_the_threshold_even_when_the_model_is_sure() -> None:
    intro = "The increase in the deficit was a result of:"
    shift = claim_signals.signals(intro, find_quantities(intro)).shift
    assert claim_signals.final_score(0.98, shift, position=0.5) < THRESHOLD


@pytest.mark.parametrize(
    "sentence",
    [
        "Further details are given in this month's labour market bulletin.",
        "The Quarterly Harbour Review covers freight, passengers and berths.",
        "This is the provisional estimate of freight volumes for the third quarter.",
        "The terms are explained in the glossary.",
        "Figure 3 shows the trend in ferry crossings.",
        "Estimates have been revised since the spring.",
        "Crossings rose in the summer (see the annex).",
        "The full tables can be found online.",
        "The data are available on the council's site.",
        "For more information, call the harbour office.",
        "The next figures are scheduled to be published in May.",
        "All of these counts are subject to revision.",
        "Please note the new opening hours of the ferry office.",
        "Timetables are posted at www.example.org each week.",
    ],
)
def test_every_kind_of_document_talk_passes_the_word_test(sentence: str) -> None:
    reasons = claim_signals.signals(sentence, find_quantities(sentence)).reasons
    assert "talks about the document or where to read more, not about the world" in reasons


def test_a_figure_given_by_unnamed_people_is_still_a_claim() -> None:
    with_figure = "Critics say the tunnel's cost has doubled to 80 million pounds since 2019."
    assert claim_signals.signals(with_figure, find_quantities(with_figure)).reasons == ()
    without = "Critics say the tunnel was a mistake from the start."
    assert claim_signals.signals(without, find_quantities(without)).reasons == (
        "a value judgement or an unattributed view, not a checkable fact",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "We reached out to the transport ministry for comment but did not hear back.",
        "The mayor's office did not immediately respond to a request for comment.",
        "A spokesperson declined to comment.",
        "We rate this claim Mostly False.",
        "Our ruling: the figure is out of date.",
    ],
)
def test_the_writers_own_reporting_and_rating_are_no_claims(sentence: str) -> None:
    found = claim_signals.signals(sentence, find_quantities(sentence))
    assert found.shift < 0
    assert found.reasons == ("the writer's own reporting or rating, not a claim to check",)
