"""Fuzzing the whole extraction (clean, segment, claims, quantities, scores) with hypothesis:
random Unicode, mixed scripts, very long lines and numbers everywhere never raise, and every
span slices back out of the text it points into."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.clean import clean_bytes, clean_text
from checks.embed import FakeEmbedder
from checks.errors import ClaimdeskError, EmptyDocument
from checks.workflows.ingest import extract_document, extract_lines

EMBEDDER = FakeEmbedder()
WORDS = [
    "the", "council", "said", "Mr.", "Dr.", "U.S.", "e.g.", "costs", "rose", "by", "percent",
    "Москва", "выросла", "на", "القاهرة", "ارتفع", "東京都", "増加した", "दिल्ली", "बढ़ा",
    "Ελλάδα", "😀", "👩‍👩‍👧", "naïve", "Zoë", "ﬁnal", "e\u0301", "\u200b", "\u00ad", "«", "»",
    "“", "”", "'", '"', "(", ")", "-", "—", "…", ".", "?", "!", ";", ":", "\n", "\n\n", "\t",
    "#", "*", "**", "_", "`", "[x](http://a.b)", "<b>", "</b>", "&amp;", "\\$", "|",
]  # fmt: skip
NUMBERS = [
    "€1.5bn", "$300 billion", "45%", "45 per cent", "1,234,567", "3-4", "5–10%", "1e9",
    "10^6", "½", "٣٤", "1999–2004", "12:30", "-0", "0.0.0", "9" * 400, "1" + "0" * 320,
    "$" + "9" * 330, "£0.01", "¥-5", "−12", "+7", "1.", ".5", "3.14.15", "2024-01-31",
    "31/12/2023", "£1,2,3", "0x1F", "₹ 5 lakh", "5 crore", "7th", "21st century", "1/3",
    "10 km/h", "5kg", "100 million people", "two-thirds", "a quarter", "1,000.000,5",
]  # fmt: skip
TOKEN = st.sampled_from(WORDS + NUMBERS) | st.text(min_size=1, max_size=8)
SEPARATOR = st.sampled_from([" ", "", "\n", ". ", ", ", "  "])
DOCUMENT = st.one_of(
    st.text(max_size=400),  # any Unicode at all
    st.lists(st.tuples(TOKEN, SEPARATOR), max_size=120).map(
        lambda pairs: "".join(t + s for t, s in pairs)
    ),
    st.lists(st.sampled_from(NUMBERS + WORDS[:11]), min_size=200, max_size=800).map(
        " ".join  # one very long line
    ),
)
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_quantities(text: str, quantities) -> None:
    for quantity in quantities:
        assert text[quantity.start : quantity.end] == quantity.text
        assert math.isfinite(quantity.value), quantity


@SETTINGS
@given(DOCUMENT, st.sampled_from(["text", "markdown", "html"]))
def test_extraction_never_raises_and_spans_slice_back(raw, fmt):
    try:
        cleaned = clean_text(raw, fmt)
    except EmptyDocument:
        return  # nothing left to extract: the one documented refusal
    extraction, vectors = extract_document(cleaned, EMBEDDER)
    text = extraction.text
    assert text == cleaned.text
    for sentence in extraction.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    for claim in extraction.claims:
        assert text[claim.start : claim.end] == claim.text
        assert 0 <= claim.sentence < len(extraction.sentences)
        assert 0.0 <= claim.score <= 1.0 and math.isfinite(claim.score)
        _check_quantities(text, claim.quantities)
    assert all(math.isfinite(float(v)) for vector in vectors.values() for v in vector)


@SETTINGS
@given(DOCUMENT)
def test_line_scores_never_raise_and_spans_slice_back(raw):
    lines = raw.split("\n")
    scores = extract_lines(lines, EMBEDDER)
    assert len(scores) == len(lines)
    for line, score in zip(lines, scores, strict=True):
        assert 0.0 <= score.score <= 1.0 and math.isfinite(score.score)
        _check_quantities(line, score.quantities)


RAW_BYTES = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=300).map(lambda s: s.encode("utf-8")),
    st.text(max_size=300).map(lambda s: s.encode("utf-16")),
    st.text(alphabet=st.characters(max_codepoint=255), max_size=300).map(
        lambda s: s.encode("latin-1")
    ),
    st.binary(max_size=400).map(lambda b: b"%PDF-1.4\n" + b),  # damaged PDFs
    st.binary(max_size=400).map(lambda b: b"<html><body>" + b),
)


@SETTINGS
@given(RAW_BYTES, st.sampled_from(["a.txt", "a.md", "a.html", "a.pdf", "a"]))
def test_any_bytes_give_a_document_or_a_clear_refusal(data, name):
    """Bytes from an upload: a cleaned document, or a ClaimdeskError (one line for the user)."""
    try:
        cleaned = clean_bytes(data, name)
    except ClaimdeskError as error:
        assert "\n" not in str(error) and name in str(error)
        return
    extraction, _ = extract_document(cleaned, EMBEDDER)
    for claim in extraction.claims:
        assert extraction.text[claim.start : claim.end] == claim.text
        _check_quantities(extraction.text, claim.quantities)
