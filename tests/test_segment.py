"""Sentence segmentation: a golden table of our own sentences, offsets, and the invariants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.segment import iter_sentences, speaker_label, split_sentences

GOLDEN = json.loads((Path(__file__).parent / "golden" / "segment.json").read_text("utf-8"))


def _case(case: dict) -> pytest.param:
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
    return pytest.param(case["text"], case["expected"], id=case["id"], marks=marks)


@pytest.mark.parametrize(("text", "expected"), [_case(c) for c in GOLDEN])
def test_golden(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_point_into_text() -> None:
    text = "  Dr. Haas left.\n\nShe came back. "
    sentences = split_sentences(text)
    assert [(s.start, s.end) for s in sentences] == [(2, 16), (18, 32)]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_iter_is_lazy_and_matches_list() -> None:
    text = "One. Two. Three."
    iterator = iter_sentences(text)
    assert next(iterator).text == "One."
    assert list(iter_sentences(text)) == split_sentences(text)


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


@pytest.mark.parametrize(
    ("label", "speaker"),
    [
        ("LEHRER:", "LEHRER"),
        ("MR. McGEE:", "MR. McGEE"),
        ("The answer is:", None),
        ("Yes.", None),
        ("Q", "Q"),
        ("Q:", "Q"),
    ],
)
def test_speaker_label(label: str, speaker: str | None) -> None:
    assert speaker_label(label) == speaker


def test_founding_article_sentences(shared_data: Path) -> None:
    from checks.clean import clean_path

    text = clean_path(shared_data / "articles" / "000_ef123a5b4f98460d.txt").text
    sentences = [s.text for s in split_sentences(text)]
    assert "Trump's Ukraine plan destroys alliance with Europe" in sentences
    assert any(
        s.endswith("sale to Stephen P. Lynch, an investor close to Trump.") for s in sentences
    )
    assert "He said he used to be able to contact them “day and night.”" in sentences


_PIECES = list("aZ .?!…\"'”’)([]:\n\t 1.$%é\u00a0") + ["Mr.", "U.S.", "LEHRER:", "No. "]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_any_text_slices_back_sorted_and_covering(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert sentence.start >= previous_end
        assert not text[previous_end : sentence.start].strip()
        previous_end = sentence.end
    assert not text[previous_end:].strip()


@pytest.mark.parametrize("text", ["LEHRER: \xa0The rate rose.", "LEHRER: \nThe rate rose.",
                                  "Hi.\nLEHRER: \n\nThe rate rose."])  # fmt: skip
def test_a_sentence_after_a_speaker_label_starts_at_its_first_letter(text: str) -> None:
    *_, label, sentence = split_sentences(text)
    assert (label.text, sentence.text) == ("LEHRER:", "The rate rose.")
    assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize("text", ["Q: Minister, is that true?", "Q    Minister, is that true?"])
def test_a_reporters_q_is_a_label_of_its_own(text: str) -> None:
    label, question = split_sentences(text)
    assert speaker_label(label.text) == "Q"
    assert question.text == "Minister, is that true?"
