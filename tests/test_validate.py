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


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<b>",
     "file:///etc/passwd", "vbscript:msgbox", "//evil.example/x", "/relative/path",
     "http://", "http://:80/", "https://exa\nmple.org", "https://example.org/\x00",
     "http://[::1", None, 5, ["https://example.org"]],
)  # fmt: skip
def test_is_web_url_refuses_every_other_scheme_and_shape(url):
    assert validate.is_web_url(url) is False


@pytest.mark.parametrize(
    "url",
    ["http://example.org", "HTTPS://Example.org/a?b=1#c", "https://127.0.0.1:8501/?claim=3",
     " https://x.org/a "],
)  # fmt: skip
def test_is_web_url_accepts_web_addresses(url):
    assert validate.is_web_url(url) is True


def test_web_url_names_the_flag_and_quotes_a_newline():
    with pytest.raises(InvalidValue) as raised:
        validate.web_url("javascript:x\nalert(1)", "--url")
    assert str(raised.value) == (
        "--url 'javascript:x\\nalert(1)': not a web address (http:// or https://)"
    )


@pytest.mark.parametrize("value", ["1", 7, " 42 ", str(2**63 - 1)])
def test_row_id_accepts(value):
    assert validate.row_id("--document", value) == int(str(value))


@pytest.mark.parametrize(
    "value",
    ["0", "-3", str(2**63), "9" * 400, "1.5", "abc", "", "١٢", "1e3", "1 2"],
)  # fmt: skip
def test_row_id_refuses_what_sqlite_cannot_hold(value):
    with pytest.raises(InvalidValue, match="--document .*: not an id"):
        validate.row_id("--document", value)
