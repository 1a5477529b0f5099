"""Tests for checks.figures: the one number format for people."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks import figures

GOLDEN = json.loads((Path(__file__).parent / "golden" / "figures.json").read_text())


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in GOLDEN])
def test_quantity_golden(case: dict) -> None:
    assert figures.quantity(case["quantity"]) == case["expected"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(0.9997360110282898, "1.000", id="near-one"),
        pytest.param(1, "1.000", id="int"),
        pytest.param(0.12345, "0.123", id="three-decimals"),
        pytest.param(None, "", id="missing"),
    ],
)
def test_score(value: float | None, expected: str) -> None:
    assert figures.score(value) == expected


def test_range_joined_with_to() -> None:
    low = {"value": 5, "unit": "%", "kind": "percent", "qualifier": "range"}
    high = {"value": 10, "unit": "%", "kind": "percent", "qualifier": "range"}
    other = {"value": 2027, "unit": None, "kind": "year"}
    assert figures.quantities([low, high, other]) == "5% to 10%; 2027"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(178e9, "178 billion", id="billions"),
        pytest.param(1_234_567.891, "1,234,567.89", id="not-round"),
        pytest.param(999_999, "999,999", id="below-million"),
        pytest.param(0.00042, "0.00042", id="tiny"),
        pytest.param(0, "0", id="zero"),
    ],
)
def test_number(value: float, expected: str) -> None:
    assert figures.number(value) == expected
