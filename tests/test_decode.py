"""Bytes to text: NUL bytes anywhere, files mixing encodings, files read as lines."""

import pytest

from checks.decode import decode, refuse_binary, text_lines_file
from checks.errors import EmptyDocument, UnreadableDocument


def test_a_nul_byte_anywhere_is_binary():
    data = b"Taxes rose by 5 percent.\n" * 4000 + b"x\x00y"
    with pytest.raises(UnreadableDocument, match="a NUL byte at byte 100001"):
        refuse_binary(data, "t.txt")


def test_utf16_with_a_bom_is_still_text():
    refuse_binary("Taxes rose.".encode("utf-16"), "t.txt")


@pytest.mark.parametrize(
    "data",
    [
        "Zoë said so.\n".encode() + "Zoë said so.\n".encode("latin-1") * 2,
        "Zoë said so.\n".encode("latin-1") * 3 + "Zoë said so.\n".encode(),
    ],
    ids=["utf8-first", "latin1-first"],
)
def test_mixed_encodings_are_refused_naming_lines(data):
    message = "mixes encodings: line [14] is UTF-8, line [12] is not"
    with pytest.raises(UnreadableDocument, match=message):
        decode(data, "m.txt")


def test_one_legacy_encoding_still_decodes():
    assert decode("Zoë and Chloé.\n".encode("latin-1") * 3, "l.txt").startswith("Zoë and Chloé.")


def test_damaged_utf8_on_many_lines_is_called_damaged():
    data = "Zürich — “costs” rose.\n".encode() * 20 + "Zürich ".encode() + b"\xc3\x28 end\n"
    with pytest.raises(UnreadableDocument, match="invalid UTF-8 at byte"):
        decode(data, "d.txt")


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyDocument, "q.txt: the file is empty"),
        (b" \n\n", EmptyDocument, "q.txt: the file is empty"),
        (
            b"%PDF-1.7\n%\xe2\xe3\n1 0 obj",
            UnreadableDocument,
            "q.txt: a PDF; this reads plain text",
        ),
        (b"rates rose\nrent\x00fell\n", UnreadableDocument, "q.txt: binary data"),
    ],
    ids=["empty", "blank", "pdf", "nul"],
)
def test_text_lines_file_refuses(data, error, message):
    with pytest.raises(error, match=message):
        text_lines_file(data, "q.txt")
