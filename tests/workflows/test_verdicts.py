"""checks/workflows/verdicts.py: recording verdicts and applying one to same-claim matches."""

import pytest

import db.verdicts
from checks.errors import InvalidValue
from checks.workflows.verdicts import apply_verdict_to_matches, bulk_candidates, record_verdict
from tests.support import add_match


@pytest.mark.xfail(strict=True, reason="bug: a 'numbers differ' same-claim match gets the verdict")
def test_numbers_differ_match_never_receives_a_bulk_verdict(database, add_doc):
    a, b, c = add_doc("Tram costs 2.4 billion.", "Tram costs 2.4 billion!", "Tram costs 3 billion.")
    add_match(database, a, b)
    add_match(database, a, c, numbers="differ")
    record_verdict(database, a, "false", reviewer="ana")
    applied = apply_verdict_to_matches(database, a, [b, c], reviewer="ana")
    assert db.verdicts.current_verdict(database, c) is None
    assert applied == [b]


def test_bulk_candidates_are_same_claim_matches_without_a_verdict():
    matches = [
        {"claim_id": 1, "level": "same", "verdict": None},
        {"claim_id": 2, "level": "suggest", "verdict": None},
        {"claim_id": 3, "level": "same", "verdict": "false"},
        {"claim_id": 4, "level": "same", "verdict": None},
    ]
    assert bulk_candidates(matches) == [1, 4]


def test_record_verdict_drops_blank_source_lines_and_checks_the_rest(database, add_doc):
    (claim_id,) = add_doc("Tram costs 2.4 billion.")
    saved = record_verdict(database, claim_id, "true", reviewer=" Ana ",
                           sources=["https://example.org/a", "  ", ""])  # fmt: skip
    assert (saved["reviewer"], saved["sources"]) == ("Ana", ["https://example.org/a"])
    with pytest.raises(InvalidValue, match="^nowhere: not a web address") as err:
        record_verdict(database, claim_id, "true", reviewer="Ana", sources=["nowhere"])
    assert err.value.field == "source"
