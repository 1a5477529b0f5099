"""Checks of user-typed values: dates, date ranges, result counts, web addresses."""

from datetime import date

import pytest

from checks import validate
from checks.errors import InvalidValue


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-12-04", "2025-12-04"), (date(2025, 1, 2), "2025-01-02"), ("", None), (None, None)],
)
def test_iso_date_accepts(value, expected):
    assert validate.iso_date("--since", value) == expected


@pytest.mark.parametrize("value", ["2024-13-01", "garbage", "04/12/2025", "2025-02-30"])
def test_iso_date_refuses_naming_flag_and_value(value):
    with pytest.raises(InvalidValue, match=f"--until {value}"):
        validate.iso_date("--until", value)


def test_date_range_order():
    assert validate.date_range("2025-01-01", "2025-01-31") == ("2025-01-01", "2025-01-31")
    with pytest.raises(InvalidValue, match="after"):
        validate.date_range("2025-02-01", "2025-01-01")


@pytest.mark.parametrize(("k", "ok"), [(1, True), (10, True), (1000, True), (0, False),
                                       (-1, False), (1001, False)])  # fmt: skip
def test_result_count(k, ok):
    if ok:
        assert validate.result_count(k) == k
    else:
        with pytest.raises(InvalidValue, match=f"--k {k}"):
            validate.result_count(k)


@pytest.mark.parametrize(
    ("url", "ok"),
    [("https://example.org/a", True), (" http://x.org ", True), ("ftp://x.org", False),
     ("example.org", False), ("https://", False), ("https://a b.org", False),
     ("javascript:alert(1)", False)],
)  # fmt: skip
def test_web_url(url, ok):
    if ok:
        assert validate.web_url(url) == url.strip()
    else:
        with pytest.raises(InvalidValue, match="not a web address"):
            validate.web_url(url)
