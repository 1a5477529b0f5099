"""Bulk verdicts (DESIGN §7): a match whose numbers differ never receives the verdict."""

import pytest

from checks import pipeline
from db import store


def _match(database, a, b, level="same", numbers="same"):
    store.add_matches(
        database,
        [{"claim_id": a, "matched_claim_id": b, "similarity": 0.97, "level": level,
          "numbers": numbers}],
    )  # fmt: skip


@pytest.mark.xfail(strict=True, reason="bug: a 'numbers differ' same-claim match gets the verdict")
def test_numbers_differ_match_never_receives_a_bulk_verdict(database, add_doc):
    a, b, c = add_doc("Tram costs 2.4 billion.", "Tram costs 2.4 billion!", "Tram costs 3 billion.")
    _match(database, a, b)
    _match(database, a, c, numbers="differ")
    pipeline.record_verdict(database, a, "false", reviewer="ana")
    applied = pipeline.apply_verdict_to_matches(database, a, [b, c], reviewer="ana")
    assert store.current_verdict(database, c) is None
    assert applied == [b]
