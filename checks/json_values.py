"""JSON from users' files, read strictly: no NaN or Infinity, no key given twice, no nesting
deeper than a reader needs, and values of the type a field needs or a clear refusal."""

from __future__ import annotations

import json
import math

from checks.errors import ClaimdeskError, MalformedArchive, quoted


def type_name(value: object) -> str:
    """Return the JSON name of a parsed value's type ("an object", "true", "a number")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def loads(
    text: str, name: str, line: int | None = None, error: type[ClaimdeskError] = MalformedArchive
) -> object:
    """Return the parsed JSON of `text`, the whole of file `name` or its line `line`.

    Raises `error`, naming the file and line, for malformed JSON, NaN or Infinity, a key
    given twice in one object, and nesting deeper than the parser's recursion limit.
    """
    where = name if line is None else f"{name}: line {line}"
    try:
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as err:
        at = f"line {err.lineno if line is None else line}, column {err.colno}"
        raise error(f"{name}: {at}: {err.msg}") from None
    except _Refused as err:
        raise error(f"{where}: {err}") from None
    except RecursionError:
        raise error(f"{where}: JSON nested too deeply") from None
    except ValueError:  # Python refuses to convert integers of more than 4,300 digits
        raise error(f"{where}: a number with thousands of digits") from None


class _Refused(Exception):
    "A value JSON allows but an archive must not hold"


def _refuse_constant(name: str) -> float:
    raise _Refused(f"{name} is not a number an archive may hold")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def text_value(obj: dict, key: str, where: str) -> str | None:
    """Return a text field (None when absent, null or blank); raises MalformedArchive for a
    number, a boolean, a list or an object."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedArchive(f"{where}: {key!r} is {type_name(value)}, not text")
    return value if value.strip() else None


def id_value(obj: dict, key: str, where: str) -> str | None:
    """Return an identifier field as text: text or a whole number (any size); None when
    absent or null. Raises MalformedArchive for other types."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    raise MalformedArchive(f"{where}: {key!r} is {type_name(value)}, not an id")


def number_value(obj: dict, key: str, where: str) -> float | None:
    """Return a finite number given as a number or as numeric text; None when absent or null.
    Raises MalformedArchive otherwise (text that is no number, overflow, NaN, lists...)."""
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            number = float(value)
        except (ValueError, OverflowError):
            number = math.nan
        if math.isfinite(number):
            return number
    raise MalformedArchive(f"{where}: {key!r} {_short(value)} is not a finite number")


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return quoted(text if len(text) <= 40 else text[:37] + "...")
