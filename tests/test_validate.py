"""checks/validate.py: one check per thing a user gives, worded without any flag name."""

from datetime import date

import pytest

from checks import validate
from checks.errors import InvalidValue, UnknownLabel
from checks.labels import LABELS


@pytest.mark.parametrize("value", LABELS)
def test_label_accepts_every_verdict_label(value):
    assert validate.label(value) == value


@pytest.mark.parametrize("value", ["fake", "True", "", "false "])
def test_label_refuses_naming_the_value(value):
    with pytest.raises(UnknownLabel, match=f"^{value}: not a verdict label") as err:
        validate.label(value)
    assert err.value.field == "label"


def test_labels_checks_each_one():
    assert validate.labels(["true", "false"]) == ("true", "false")
    with pytest.raises(UnknownLabel, match="^nope: "):
        validate.labels(["true", "nope"])


@pytest.mark.parametrize(("name", "expected"), [("Ana", "Ana"), ("  Ben Okoro ", "Ben Okoro")])
def test_reviewer_accepts_a_name(name, expected):
    assert validate.reviewer(name) == expected


@pytest.mark.parametrize("name", ["", "   ", None])
def test_reviewer_refuses_an_empty_name(name):
    with pytest.raises(InvalidValue, match="a reviewer name is required") as err:
        validate.reviewer(name)
    assert err.value.field == "reviewer"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-12-04", "2025-12-04"), (date(2025, 1, 2), "2025-01-02"), ("", None), (None, None)],
)
def test_iso_date_accepts(value, expected):
    assert validate.iso_date(value, "since") == expected


@pytest.mark.parametrize("value", ["2024-13-01", "garbage", "04/12/2025", "2025-02-30"])
def test_iso_date_refuses_naming_the_value_not_a_flag(value):
    with pytest.raises(InvalidValue, match=f"^{value}: not a date in YYYY-MM-DD form$") as err:
        validate.iso_date(value, "until")
    assert err.value.field == "until"


def test_date_range_order():
    assert validate.date_range("2025-01-01", "2025-01-31") == ("2025-01-01", "2025-01-31")
    with pytest.raises(InvalidValue, match="start date 2025-02-01 is after the end date"):
        validate.date_range("2025-02-01", "2025-01-01")
    with pytest.raises(InvalidValue) as err:
        validate.date_range("2025-01-01", "never")
    assert err.value.field == "until"


@pytest.mark.parametrize(("k", "ok"), [(1, True), (10, True), (1000, True), (0, False),
                                       (-1, False), (1001, False)])  # fmt: skip
def test_result_count(k, ok):
    if ok:
        assert validate.result_count(k) == k
    else:
        with pytest.raises(InvalidValue, match=f"^{k}: the number of results must be"):
            validate.result_count(k)


@pytest.mark.parametrize(("value", "ok"), [(None, True), (0.0, True), (1.0, True), (0.5, True),
                                           (1.01, False), (-0.1, False)])  # fmt: skip
def test_confidence(value, ok):
    if ok:
        assert validate.confidence(value) == value
    else:
        with pytest.raises(InvalidValue, match="must be between 0 and 1"):
            validate.confidence(value)


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
        validate.web_url("javascript:x\nalert(1)", "url")
    assert str(raised.value) == "'javascript:x\\nalert(1)': not a web address (http:// or https://)"
    assert raised.value.field == "url"


@pytest.mark.parametrize("value", ["1", 7, " 42 ", str(2**63 - 1)])
def test_row_id_accepts(value):
    assert validate.row_id(value, "document") == int(str(value))


@pytest.mark.parametrize(
    "value",
    ["0", "-3", str(2**63), "9" * 400, "1.5", "abc", "", "١٢", "1e3", "1 2"],
)  # fmt: skip
def test_row_id_refuses_what_sqlite_cannot_hold(value):
    with pytest.raises(InvalidValue, match=": not an id"):
        validate.row_id(value, "document")


def test_no_message_names_a_command_line_flag():
    """The app shows these messages as they are: they speak of values, not of flags."""
    failures = [
        lambda: validate.label("x"),
        lambda: validate.reviewer(""),
        lambda: validate.iso_date("x", "since"),
        lambda: validate.date_range("2025-02-01", "2025-01-01"),
        lambda: validate.result_count(0),
        lambda: validate.confidence(2.0),
        lambda: validate.web_url("x"),
    ]
    for fail in failures:
        with pytest.raises((InvalidValue, UnknownLabel)) as err:
            fail()
        assert "--" not in str(err.value)
