"""checks/workflows/verdicts.py and the bulk verdicts of DESIGN §7: only editors apply them,
as origin `bulk`, and a match whose numbers differ is shown but never receives the verdict."""

import pytest

import db.matches
import db.verdicts
from checks.workflows import desk, verdicts
from tests.support import add_match

EDITOR = desk.Account("Edna", "editor")


def test_numbers_differ_match_never_receives_a_bulk_verdict(database, add_doc):
    """The bug this reproduced: the 'numbers differ' match c received the verdict."""
    a, b, c = add_doc("Tram costs 2.4 billion.", "Tram costs 2.4 billion!", "Tram costs 3 billion.")
    add_match(database, a, b)
    add_match(database, a, c, numbers="differ")
    verdicts.record_verdict(database, a, "false", reviewer="ana")
    applied = verdicts.apply_verdict_to_matches(database, a, [b, c], reviewer="ana")
    assert applied == [b]
    assert db.verdicts.current_verdict(database, c) is None
    assert db.verdicts.current_verdict(database, b)["origin"] == "bulk"


def test_a_differing_match_is_shown_not_selectable(database, add_doc):
    a, b, c = add_doc("Tram costs 2.4 billion.", "Tram costs 2.4 billion!", "Tram costs 3 billion.")
    add_match(database, a, b)
    add_match(database, a, c, numbers="differ")
    matches = {m["claim_id"]: m for m in db.matches.claim_matches(database, a)}
    assert set(matches) == {b, c}
    assert desk.bulk_selectable(matches[b]) and not desk.bulk_selectable(matches[c])


def test_the_confirmation_names_each_claim_and_its_figures(database, add_doc):
    (a,) = add_doc("Tram costs 2.4 billion.", quantities=[
        {"start": 11, "end": 22, "text": "2.4 billion", "value": 2.4e9, "unit": None,
         "kind": "count", "qualifier": None, "per": None}])  # fmt: skip
    (row,) = desk.bulk_preview(database, [a])
    assert row == {"claim_id": a, "text": "Tram costs 2.4 billion.", "figures": "2.4 billion"}


def test_only_editors_apply_bulk_verdicts(database, add_doc):
    for name, role in [("Edna", "editor"), ("Ana", "reviewer")]:
        desk.add_user(database, name, role, f"{name}-password", actor=None)
    a, b = add_doc("Tram costs 2.4 billion.", "Tram costs 2.4 billion!")
    add_match(database, a, b)
    verdicts.record_verdict(database, a, "false", reviewer="Ana")
    with pytest.raises(desk.NotAllowed):
        desk.apply_bulk(database, a, [b], actor=desk.Account("Ana", "reviewer"))
    assert desk.apply_bulk(database, a, [b], actor=EDITOR) == [b]
    assert db.verdicts.current_verdict(database, b)["reviewer"] == "Edna"
