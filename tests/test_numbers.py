"""Tests for checks.numbers: numerals and number words."""

from __future__ import annotations

import re

import pytest

from checks.numbers import DIGITS_PATTERN, WORDS_PATTERN, parse_digits, parse_words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("1,000.5", 1000.5, id="us-grouping"),
        pytest.param("1.000,5", 1000.5, id="eu-decimal-comma"),
        pytest.param("1.234.567", 1234567, id="eu-grouping"),
        pytest.param("12,34,567.89", 1234567.89, id="indian-grouping"),
        pytest.param("1 234 567", 1234567, id="space-grouping"),
        pytest.param("2 1/2", 2.5, id="mixed-fraction"),
        pytest.param("2½", 2.5, id="unicode-fraction"),
        pytest.param("1e3", 1000, id="exponent"),
        pytest.param(".25", 0.25, id="leading-dot"),
    ],
)
def test_parse_digits(text: str, value: float) -> None:
    assert re.fullmatch(DIGITS_PATTERN, text)
    assert parse_digits(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("twenty-one", 21, id="hyphen"),
        pytest.param("one hundred and six", 106, id="hundred-and"),
        pytest.param("two hundred and two thousand", 202000, id="nested-scale"),
        pytest.param("a dozen", 12, id="dozen"),
        pytest.param("five million", 5e6, id="million"),
        pytest.param("Thirty", 30, id="capitalised"),
    ],
)
def test_parse_words(text: str, value: float) -> None:
    assert re.fullmatch(WORDS_PATTERN, text, re.I)
    assert parse_words(text) == pytest.approx(value)


def test_parse_words_rejects_other_words() -> None:
    assert parse_words("twenty apples") is None
