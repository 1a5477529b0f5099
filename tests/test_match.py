"""The numbers flag, match levels and the noise guard."""

import json
from pathlib import Path

import pytest

from checks.match import (
    SAME_THRESHOLD,
    SUGGEST_THRESHOLD,
    is_noise,
    match_level,
    numbers_flag,
    same_value,
)
from checks.quantities import find_quantities

GOLDEN = json.loads((Path(__file__).parent / "golden" / "numbers_flag.json").read_text())


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in GOLDEN])
def test_numbers_flag(case):
    a, b = find_quantities(case["a"]), find_quantities(case["b"])
    assert numbers_flag(a, b) == case["flag"]
    assert numbers_flag(b, a) == case["flag"]


def test_numbers_flag_reads_stored_rows():
    stored = [{"kind": "percent", "unit": "%", "per": None, "value": 48.0}]
    assert numbers_flag(find_quantities("38 percent of commuters"), stored) == "differ"


@pytest.mark.parametrize(
    ("a", "b", "kind", "same"),
    [
        (38, 37.6, "percent", True),
        (2.4e9, 2.38e9, "money", True),
        (178e9, 187e9, "money", False),
        (2020, 2021, "year", False),
        (1800, 1790, "count", True),
        (0, 0, "count", True),
    ],
)
def test_same_value(a, b, kind, same):
    assert same_value(a, b, kind) is same


def test_levels():
    assert SUGGEST_THRESHOLD < SAME_THRESHOLD
    assert match_level(SAME_THRESHOLD) == "same"
    assert match_level((SUGGEST_THRESHOLD + SAME_THRESHOLD) / 2) == "suggest"
    assert match_level(SUGGEST_THRESHOLD - 0.01) is None


@pytest.mark.parametrize(
    ("text", "noise"),
    [
        ("https://example.org/some/long/path?x=1", True),
        ("www.example.org", True),
        ("Yes.", True),
        ("So true!!", True),
        ("@someone #tag https://t.co/x", True),
        ("The council voted 31 to 14 on Tuesday.", False),
        ("Unemployment fell to 3.5 percent in May.", False),
    ],
)
def test_noise(text, noise):
    assert is_noise(text) is noise
