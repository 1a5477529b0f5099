"""Verdict labels: which ones need a rationale on the review page."""

import pytest

from checks.labels import LABELS, needs_rationale


@pytest.mark.parametrize("label", LABELS)
def test_every_label_but_not_a_claim_needs_a_rationale(label):
    assert needs_rationale(label) == (label != "not-a-claim")
