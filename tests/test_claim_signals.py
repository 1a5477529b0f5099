"""Tests for checks/claim_signals.py: the signals beyond the learned score, and the final score."""

from __future__ import annotations

import pytest

from checks import claim_signals
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
