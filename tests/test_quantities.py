"""Tests for checks.quantities: golden table, founding-article card examples, invariants."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.quantities import find_quantities

GOLDEN = json.loads((Path(__file__).parent / "golden" / "quantities.json").read_text("utf-8"))


def _param(case: dict):
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
    return pytest.param(case["text"], case["expected"], id=case["id"], marks=marks)


def _view(q) -> dict:
    return {k: v for k, v in q.to_dict().items() if k not in ("start", "end")}


@pytest.mark.parametrize(("text", "expected"), [_param(c) for c in GOLDEN])
def test_golden(text: str, expected: list[dict]) -> None:
    got = [_view(q) for q in find_quantities(text)]
    assert [g["text"] for g in got] == [e["text"] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g["value"] == pytest.approx(e["value"], rel=1e-9)
        assert {k: g[k] for k in ("unit", "kind", "qualifier", "per")} == {
            k: e[k] for k in ("unit", "kind", "qualifier", "per")
        }


def test_golden_table_is_large_and_covers_every_kind() -> None:
    kinds = {e["kind"] for c in GOLDEN for e in c["expected"]}
    assert len(GOLDEN) >= 60
    assert kinds >= {"money", "percent", "count", "date", "year", "duration", "measure",
                     "ordinal", "multiplier"}  # fmt: skip


def _find(quantities, text: str):
    return next(q for q in quantities if q.text == text)


def test_founding_article_card_examples(shared_data: Path) -> None:
    path = shared_data / "articles" / "000_ef123a5b4f98460d.txt"
    found = find_quantities(path.read_text(encoding="utf-8"))
    euros = _find(found, "€178 billion")
    assert (euros.value, euros.unit, euros.kind) == (1.78e11, "EUR", "money")
    frozen = _find(found, "\\$300 billion")
    assert (frozen.value, frozen.unit) == (3e11, "USD")
    share = _find(found, "45 percent")
    assert (share.value, share.unit, share.kind) == (45, "%", "percent")
    monthly = _find(found, "\\$1 billion")
    assert (monthly.value, monthly.unit, monthly.qualifier, monthly.per) == (
        1e9, "USD", "at least", "month",
    )  # fmt: skip
    assert _find(found, "five-hour").unit == "hour"
    assert _find(found, "28-point").unit == "point"


def test_offsets_point_into_text() -> None:
    text = "Prices rose 5% in 2014 and again by $3 billion."
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text


_ALPHABET = st.sampled_from(
    list("0123456789 ,.-–/%$€£¥\\°abcdefkmnopstuyABCDMT'\n")
    + ["one", " million", " percent", "twenty", "-five", " between ", " and ", " a month",
       " at least ", "December ", " years", "1st", "half", " of ", "USD", " dollars", "½"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=80))
def test_any_text_gives_valid_sorted_spans(text: str) -> None:
    found = find_quantities(text)
    last_end = 0
    for q in found:
        assert text[q.start : q.end] == q.text
        assert math.isfinite(q.value)
        assert q.start >= last_end and q.end > q.start
        last_end = q.end
