"""ui.py: escaping of user text, claim highlighting in its paragraph, quantity display."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ui

MARKUP = set("<>$*_`[]()#|~\\")


def unmark(out: str) -> str:
    """Return the text of our HTML: tags dropped, entities decoded, <br> as a newline."""
    return html.unescape(re.sub(r"<(?!br>)[^>]+>", "", out).replace("<br>", "\n"))


@given(st.text())
def test_escape_leaves_no_markup_and_round_trips(text):
    out = ui.escape(text)
    assert not MARKUP & set(re.sub(r"&#?\w+;|<br>", "", out))
    assert html.unescape(out.replace("<br>", "\n")) == text


@given(st.text())
def test_md_escapes_every_ascii_punctuation_mark(text):
    out = ui.md(text)
    shown = re.sub(r"\\(.)", r"\1", out).replace(ui.WORD_JOINER, "")
    assert shown == " ".join(text.split()).replace(ui.WORD_JOINER, "")
    assert not re.search(r"(?<!\\)[$*_<>\[\]`]", out.replace("\\\\", ""))


@pytest.mark.parametrize(
    "text",
    ["see https://evil.example/x", "HTTP://EVIL.EXAMPLE", "www.evil.example", "ana@evil.example",
     "mailto:ana@evil.example", "xmpp:ana@evil.example"],
)  # fmt: skip
def test_md_breaks_every_autolink_literal(text):
    """GFM autolinks bare addresses after parsing, so escapes alone leave them links."""
    out = ui.md(text)
    assert not re.search(r"(?i)https?\\?:\\?/|www\\?\.|\w\\?@", out), out


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        pytest.param("One.\n\nTwo here. Three.\n\nFour.", 6, 15, (6, 22), id="middle"),
        pytest.param("Only one paragraph.", 0, 4, (0, 19), id="no-breaks"),
        pytest.param("First.\n\nSecond.", 0, 6, (0, 6), id="first"),
        pytest.param("First.\n\nSecond.", 8, 15, (8, 15), id="last"),
    ],
)
def test_paragraph_bounds(text, start, end, expected):
    assert ui.paragraph_bounds(text, start, end) == expected


def test_highlight_marks_the_claim_and_its_quantities_escaped():
    text = "Before <b>. It cost $300 billion and $1 billion. After."
    start = text.index("It")
    end = text.index(" After")
    marks = [(text.index("$300"), text.index(" and")), (text.index("$1 "), end - 1)]
    out = ui.highlight(text, start, end, marks)
    assert "<b>" not in out and "$" not in out
    assert out.count("<mark") == 3
    assert unmark(out) == text
    assert re.search(r"<mark[^>]*>&#36;300 billion</mark>", out)


def test_highlight_drops_spans_outside_the_claim_and_overlaps():
    out = ui.highlight("abc def ghi", 4, 7, [(0, 3), (4, 6), (5, 7)])
    assert out.count("<mark") == 2
    assert unmark(out) == "abc def ghi"


def test_claim_in_context_uses_document_offsets():
    text = "Intro line.\n\nThe plan costs $5 million. Nobody objected.\n\nLast."
    offset = 5  # the window starts five characters into the document
    window = text[offset:]
    start = text.index("The plan")
    claim = {"start": start, "end": text.index(" Nobody"), "text": "The plan costs $5 million."}
    quantity = {"start": text.index("$5"), "end": text.index(" million.") + 8}
    out = ui.claim_in_context({"text": window, "offset": offset}, claim, [quantity])
    assert unmark(out) == "The plan costs $5 million. Nobody objected."
    assert "&#36;5 million</mark>" in out


def test_claim_in_context_without_a_document_shows_the_claim():
    out = ui.claim_in_context(None, {"text": "Imported $2 claim."}, [])
    assert unmark(out) == "Imported $2 claim."
