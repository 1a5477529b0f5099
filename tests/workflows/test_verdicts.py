"""checks/workflows/verdicts.py: recording verdicts and applying one to same-claim matches."""

import pytest

import db.verdicts
from checks.errors import InvalidValue
from checks.workflows import desk
from checks.workflows.verdicts import apply_verdict_to_matches, bulk_candidates, record_verdict
from tests.support import add_match


def test_numbers_differ_match_never_receives_a_bulk_verdict(database, add_doc):
    """The bug this reproduced (a strict xfail before): the differing match c got the verdict."""
    a, b, c = add_doc("Tram costs 2.4 billion.", "Tram costs 2.4 billion!", "Tram costs 3 billion.")
    add_match(database, a, b)
    add_match(database, a, c, numbers="differ")
    record_verdict(database, a, "false", reviewer="ana")
    applied = apply_verdict_to_matches(database, a, [b, c], reviewer="ana")
    assert db.verdicts.current_verdict(database, c) is None
    assert applied == [b]
    assert db.verdicts.current_verdict(database, b)["origin"] == "bulk"


def test_bulk_candidates_are_same_claim_matches_without_a_verdict():
    matches = [
        {"claim_id": 1, "level": "same", "verdict": None, "numbers": "same"},
        {"claim_id": 2, "level": "suggest", "verdict": None, "numbers": "none"},
        {"claim_id": 3, "level": "same", "verdict": "false", "numbers": "same"},
        {"claim_id": 4, "level": "same", "verdict": None, "numbers": "none"},
        {"claim_id": 5, "level": "same", "verdict": None, "numbers": "differ"},  # shown only
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


def test_the_confirmation_names_each_claim_and_its_figures(database, add_doc):
    quantity = {"start": 11, "end": 22, "text": "2.4 billion", "value": 2.4e9, "unit": None,
                "kind": "count", "qualifier": None, "per": None}  # fmt: skip
    (a,) = add_doc("Tram costs 2.4 billion.", quantities=[quantity])
    (row,) = desk.bulk_preview(database, [a])
    assert row == {"claim_id": a, "text": "Tram costs 2.4 billion.", "figures": "2.4 billion"}


def test_only_editors_apply_bulk_verdicts(database, add_doc):
    for name, role in [("Edna", "editor"), ("Ana", "reviewer")]:
        desk.add_user(database, name, role, f"{name}-password", actor=None)
    a, b = add_doc("Tram costs 2.4 billion.", "Tram costs 2.4 billion!")
    add_match(database, a, b)
    record_verdict(database, a, "false", reviewer="Ana")
    with pytest.raises(desk.NotAllowed):
        desk.apply_bulk(database, a, [b], actor=desk.Account("Ana", "reviewer"))
    assert desk.apply_bulk(database, a, [b], actor=desk.Account("Edna", "editor")) == [b]
    assert db.verdicts.current_verdict(database, b)["reviewer"] == "Edna"
