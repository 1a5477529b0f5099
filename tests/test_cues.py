"""Tests for checks/cues.py: the cue tests that skip costly patterns never change a result."""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import pytest

from checks import checkworthiness, claim_kinds, claim_signals, cues
from checks.clean import clean_path
from checks.segment import split_sentences

CUED = {
    **{f"checkworthiness.{name}": p for (name, *_), p in
       zip(checkworthiness._PATTERNS, checkworthiness._COMPILED, strict=True)},
    **{f"claim_kinds.{n}": getattr(claim_kinds, n)
       for n in ("_COMPARISON", "_PREDICTION", "_OPINION", "_EVENT")},
    **{f"claim_signals.{n}": getattr(claim_signals, n)
       for n in ("_INTENT", "_PROMISE", "_PROCEDURE", "_JUDGEMENT")},
}  # fmt: skip
_WORD = re.compile(r"\w")
_ASCII_LETTER = re.compile("(?i)[a-z]")


def test_lower_keeps_ascii_matches_and_word_characters() -> None:
    """The premise of `fold`: outside the four letters it refuses, lower() maps no other
    character to an ASCII letter and keeps every character a word character or not, and no
    other non-ASCII character matches an ASCII letter under re.IGNORECASE."""
    exceptions = set()
    for code in range(128, sys.maxunicode + 1):
        char = chr(code)
        if _ASCII_LETTER.fullmatch(char):
            exceptions.add(char)
        lower = char.lower()
        if lower == char:
            continue
        is_word = _WORD.fullmatch(char) is not None
        if any((_WORD.fullmatch(c) is not None) != is_word or c.isascii() for c in lower):
            exceptions.add(char)
    assert exceptions == set("\u0130\u0131\u017f\u212a")


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("checkworthiness.scale", "It cost a thouſand dollars."),
        ("checkworthiness.first_singular", "Then \u0130 left."),
        ("claim_kinds._EVENT", "The bill was \u212aILLED in committee."),
        ("claim_signals._INTENT", "We w\u0131ll fight."),
    ],
    ids=["long-s", "dotted-I", "kelvin", "dotless-i"],
)
def test_letters_that_match_ascii_only_under_ignorecase_still_run(name, sentence) -> None:
    pattern = CUED[name]
    assert cues.fold(sentence) is None
    found = pattern.search(sentence, cues.fold(sentence))
    assert found is not None
    assert found.span() == pattern.pattern.search(sentence).span()


def test_no_cues_means_always_run() -> None:
    pattern = cues.cued(r"\d")
    assert pattern.search("in 1999", cues.fold("in 1999"))


def test_words_are_whole_words_and_parts_substrings() -> None:
    pattern = cues.cued(r"(?i)\bwill\b|going to", parts="going to", words="will")
    assert pattern.search("It WILL rain.", cues.fold("It WILL rain."))
    assert pattern.search("It is going to rain.", cues.fold("It is going to rain."))
    assert pattern.search("Goodwill lasts.", cues.fold("Goodwill lasts.")) is None


def _sentences(shared_data: Path) -> list[str]:
    transcripts = sorted((shared_data / "transcripts").glob("*.txt"))[::4]
    texts = [p.read_text("utf-8") for p in transcripts]
    for path in sorted((shared_data / "realdocs-dev" / "docs").iterdir()):
        texts.append(clean_path(path).text)
    return [s.text for text in texts for s in split_sentences(text)]


def _holds_cue(pattern: cues.Cued, sentence: str, match: re.Match) -> bool:
    """Return whether the matched text itself holds a part, or a whole word of the sentence
    that is one of the words (another cue elsewhere in the sentence does not count)."""
    start, end = match.span()
    if any(part in match.group().lower() for part in pattern.parts):
        return True
    return any(
        start <= w.start() and w.end() <= end and w.group().lower() in pattern.words
        for w in re.finditer(r"\w+", sentence)
    )


@functools.cache
def _cached_sentences(shared_data: Path) -> tuple[str, ...]:
    return tuple(_sentences(shared_data))


@pytest.mark.parametrize("name", sorted(CUED))
def test_every_match_holds_a_cue(name: str, shared_data: Path) -> None:
    """On every sentence of realdocs-dev and a quarter of the transcripts, a cued pattern finds
    what the bare pattern finds, and each match holds one of its cues itself."""
    pattern = CUED[name]
    matched = 0
    for sentence in _cached_sentences(shared_data):
        expected = pattern.pattern.search(sentence)
        found = pattern.search(sentence, cues.fold(sentence))
        assert (found and found.span()) == (expected and expected.span()), sentence
        assert pattern.found(sentence, cues.fold(sentence)) == (expected is not None), sentence
        cued = pattern.parts or pattern.words
        if expected is not None and cued and cues.fold(sentence) is not None:
            matched += 1
            assert _holds_cue(pattern, sentence, expected), sentence
    assert matched or not (pattern.parts or pattern.words), f"{name} never matched"


def test_exact_word_lists_are_the_pattern() -> None:
    exact = {name for name, pattern in CUED.items() if pattern.exact}
    assert exact == {
        f"checkworthiness.{n}"
        for n in "scale number_word first_singular first_plural second_person opinion "
        "comparison record".split()
    }
    scale = CUED["checkworthiness.scale"]
    for sentence, expected in [
        ("Two Millions were spent.", True),
        ("The millionaire paid.", False),
        ("A hundreds-strong crowd.", True),
        ("hundred_fold", False),
        ("3thousand", False),
    ]:
        assert scale.found(sentence, cues.fold(sentence)) is expected, sentence
        assert (scale.pattern.search(sentence) is not None) is expected, sentence


def test_only_words_can_be_exact() -> None:
    with pytest.raises(ValueError, match="words alone"):
        cues.cued(r"\bgoing to\b", parts="going to", exact=True)
