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


def _q(value: float, unit: str | None = "%", kind: str = "percent") -> dict:
    return {"value": value, "unit": unit, "kind": kind, "qualifier": None, "per": None}


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        pytest.param([_q(38)], [_q(48)], [("38%", "48%")], id="percent"),
        pytest.param([_q(37.6)], [_q(38)], [], id="rounding-agrees"),
        pytest.param(
            [_q(2.4e9, "EUR", "money"), _q(46, "km", "measure")],
            [_q(2.8e9, "EUR", "money"), _q(46, "km", "measure")],
            [("2.4 billion EUR", "2.8 billion EUR")],
            id="only-the-differing-kind",
        ),
        pytest.param([_q(38)], [_q(2027, None, "year")], [], id="nothing-shared"),
    ],
)
def test_differing_figures_side_by_side(left, right, expected) -> None:
    assert figures.differing(left, right) == expected
