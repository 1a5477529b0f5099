"""Strict JSON from users' files: NaN, repeated keys, deep nesting and wrong types refused."""

import pytest

from checks import json_values
from checks.errors import InvalidValue, MalformedArchive


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000, "f.json: JSON nested too deeply"),
        ('{"a": ' * 100_000, "f.json: JSON nested too deeply"),
        ('{"claim": "a", "claim": "b"}', "f.json: the key 'claim' appears twice in one object"),
        ('{"v": NaN}', "f.json: NaN is not a number an archive may hold"),
        ('{"v": -Infinity}', "f.json: -Infinity is not a number an archive may hold"),
        ("[" + "9" * 5000 + "]", "f.json: a number with thousands of digits"),
        ('{"a": 1,\n "b": }', "f.json: line 2, column 7: Expecting value"),
    ],
    ids=["deep-list", "deep-object", "repeated-key", "nan", "infinity", "huge-int", "syntax"],
)
def test_loads_refuses(text, message):
    with pytest.raises(MalformedArchive) as raised:
        json_values.loads(text, "f.json")
    assert str(raised.value) == message


def test_loads_names_the_line_of_a_jsonl_file_and_takes_the_error_class():
    with pytest.raises(InvalidValue, match="^q.jsonl: line 4: JSON nested too deeply$"):
        json_values.loads("[" * 50_000, "q.jsonl", 4, error=InvalidValue)


@pytest.mark.parametrize(
    ("value", "kind"),
    [({"a": 1}, "an object"), ([1], "a list"), (True, "true"), (False, "false"), (3, "a number")],
)
def test_text_value_refuses_other_types(value, kind):
    with pytest.raises(MalformedArchive, match=f"^w: 'claim' is {kind}, not text$"):
        json_values.text_value({"claim": value}, "claim", "w")


def test_text_value_absent_null_blank():
    assert json_values.text_value({}, "x", "w") is None
    assert json_values.text_value({"x": None}, "x", "w") is None
    assert json_values.text_value({"x": "  "}, "x", "w") is None


@pytest.mark.parametrize(("value", "expected"), [("A1", "A1"), (7, "7"), (2**80, str(2**80)),
                                                 (None, None), (" ", None)])  # fmt: skip
def test_id_value(value, expected):
    assert json_values.id_value({"id": value}, "id", "w") == expected


@pytest.mark.parametrize("value", [True, 1.5, {"a": 1}, [1]])
def test_id_value_refuses(value):
    with pytest.raises(MalformedArchive, match="not an id"):
        json_values.id_value({"id": value}, "id", "w")


@pytest.mark.parametrize(("value", "expected"), [(2, 2.0), ("4.5", 4.5), (None, None), ("", None)])
def test_number_value(value, expected):
    assert json_values.number_value({"v": value}, "v", "w") == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 10**400, "many", True, [5], {}])
def test_number_value_refuses(value):
    with pytest.raises(MalformedArchive, match="is not a finite number"):
        json_values.number_value({"v": value}, "v", "w")
