"""Domain errors print as one line, whatever values went into their messages."""

import pytest

from checks.errors import InvalidValue, MalformedArchive, StaleClaim, one_line, quoted


@pytest.mark.parametrize("error", [InvalidValue, MalformedArchive, StaleClaim])
@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\u2028b", "a\x00b", "a\x85b"])
def test_every_domain_error_is_one_line(error, value):
    message = str(error(f"--since {value}: not a date"))
    assert len(message.splitlines()) == 1
    assert message.startswith("--since a\\")


def test_quoted_leaves_plain_values_alone():
    assert quoted("claims.csv") == "claims.csv"
    assert quoted("two\nlines.csv") == "'two\\nlines.csv'"
    assert one_line("tab\there") == "tab\\there"
