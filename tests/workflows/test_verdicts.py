"""checks/workflows/verdicts.py: recording verdicts and applying one to same-claim matches."""

import pytest

import db.verdicts
from checks.workflows.verdicts import apply_verdict_to_matches, record_verdict
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
