"""Rule-based sentence segmentation with exact character offsets into the cleaned text.

Chosen over pysbd and syntok by measured accuracy and speed (bench/segment.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checks.spans import Sentence

# A candidate end: terminal punctuation plus closing quotes/brackets before a space, or a newline.
# A closing quote detached by a space ('a fight. "') still belongs to the sentence.
_CANDIDATE = re.compile(
    r"[.?!…]+[\"'”’»)\]]*(?:[ \t]+[\"”](?=[ \t\n]|$))?(?=[ \t\n]|$)|[)\]](?=[ \t])|\n"
)
_OPENERS = "\"'“‘«([¡¿"
_CLOSERS = "\"'”’»)]"
_SPACE = re.compile(r"[ \t]*")
_WHITESPACE = re.compile(r"\s*")
# "LEHRER: ", "MR. CARTER: ", "HOWARD K. SMITH, MODERATOR: " at the start of a line.
_SPEAKER = re.compile(r"[A-Z][A-Za-z.'’\- ,]{0,48}:(?=[ \t])")
# The bare "Q" or "Q:" that marks a reporter's question ("Q    Sorry. Just to follow up ...").
_QUESTION_START = re.compile(r"Q:?(?=[ \t]+[A-Z“\"'‘])")
# A press-briefing transcript marks a reporter's question with a bare "Q".
QUESTION_LABEL = "Q"
_ENUMERATOR = re.compile(r"(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,5})")
_MULTI_DOT = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")

# Titles before a name: a period after them never ends a sentence.
_TITLES = frozenset(
    "mr mrs ms messrs dr gen sen rep gov lt col capt cpt sgt cmdr adm maj brig prof rev hon "
    "pres supt st mt atty insp sra srta mme mlle".split()
)
# Abbreviations that end a sentence only when a typical sentence opener follows.
_ABBREVIATIONS = frozenset(
    "inc corp co ltd llc plc bros dept univ assn est approx jan feb mar apr jun jul aug sep "
    "sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ave blvd rd hwy vol "
    "vols fig figs p pp ch sec art para ed eds al ca min max mln bn tr dist div etc jr sr ft "
    "esq".split()
)
# Abbreviations after which a sentence never ends (they announce more of the same sentence).
_NEVER_END = frozenset("e.g i.e vs v cf viz".split())
# Before a digit, these are labels ("No. 5", "p. 12", "Jan. 6"), not sentence ends.
_BEFORE_NUMBER = frozenset(
    "no nos vol vols fig figs p pp ch sec art para jan feb mar apr jun jul aug sep sept oct "
    "nov dec rs".split()
)
# Capitalised words that typically open a sentence: after an abbreviation or an initial they
# signal a sentence end ("in the U.S. The ..."), where a name would not ("U.S. Senate").
_OPENER_WORDS = frozenset(
    "The A An He She It I We They You This That These Those There Here But And Or So Yet If "
    "In On At As For Of To With When While What Why How Who Where Which Now Then Today Its "
    "His Her Their Our My Your One Some Many Most All No Not After Before Since Also However "
    "Meanwhile Still Even Only Both Each Every Despite Although Though Because Instead Indeed "
    "Let Thank Yes Well Last Next First Over Under During From By Nor Is Are Was Were Do Does "
    "Did Can Could Will Would Should Must May Might Has Have Had Such Neither Either".split()
)


def split_sentences(text: str) -> list[Sentence]:
    """Return the sentences of `text` in order; each one's `text == text[start:end]`."""
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[Sentence]:
    """Yield the sentences of `text`, trimmed of surrounding whitespace, covering all non-blanks."""
    start = _WHITESPACE.match(text, 0).end()
    start, label = _after_speaker(text, start)
    if label:
        yield label
    for match in _CANDIDATE.finditer(text):
        if match.start() < start:
            continue
        end = match.start() if match.group() == "\n" else match.end()
        if not _is_boundary(text, start, match):
            continue
        sentence = _span(text, start, end)
        if sentence:
            yield sentence
        start = _WHITESPACE.match(text, end).end()
        start, label = _after_speaker(text, start)
        if label:
            yield label
    if start < len(text):
        sentence = _span(text, start, len(text))
        if sentence:
            yield sentence


def speaker_label(sentence: str) -> str | None:
    """Return the speaker's name when `sentence` is a transcript label such as "MR. FORD:"."""
    if sentence.endswith(":") and _is_speaker(sentence):
        return sentence[:-1].strip()
    return QUESTION_LABEL if sentence in (QUESTION_LABEL, QUESTION_LABEL + ":") else None


def _span(text: str, start: int, end: int) -> Sentence | None:
    """Return the sentence text[start:end] with trailing whitespace trimmed, None when blank."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end]) if end > start else None


def _after_speaker(text: str, start: int) -> tuple[int, Sentence | None]:
    """Return where the sentence proper starts, and the speaker label that leads a line if any."""
    if start and text[start - 1] != "\n":
        return start, None
    match = _SPEAKER.match(text, start)
    if not match or not _is_speaker(match.group()):
        # A colon later in a question's first sentence must not hide its "Q".
        match = _QUESTION_START.match(text, start)
    if not match:
        return start, None
    label = Sentence(start, match.end(), match.group())
    return _WHITESPACE.match(text, match.end()).end(), label


def _is_speaker(label: str) -> bool:
    """Return whether a colon-ended label is upper case (allowing "McGEE"): a speaker, not prose."""
    letters = [c for c in label if c.isalpha()]
    lower = sum(1 for c in letters if c.islower())
    return len(letters) >= 2 and lower <= 1 + label.count("Mc")


def _is_boundary(text: str, start: int, match: re.Match) -> bool:
    """Return whether the candidate `match` ends the sentence that began at `start`."""
    if match.group() == "\n":
        return _newline_ends(text, start, match.start())
    after = match.end()
    gap = _SPACE.match(text, after).end()
    if gap >= len(text):
        return True
    if text[gap] == "\n":
        return False  # the newline candidate decides
    return _punctuation_ends(text, start, match, gap)


def _newline_ends(text: str, start: int, newline: int) -> bool:
    """Return whether a line break ends a sentence: always at a blank line, else unless it wraps."""
    following = _WHITESPACE.match(text, newline).end()
    if following >= len(text) or text.count("\n", newline, following) > 1:
        return True
    before = text[start:newline].rstrip()
    if not before:
        return False
    nxt = text[following]
    return not (nxt.islower() or nxt in ",;)" or before[-1] in ",-")


def _punctuation_ends(text: str, start: int, match: re.Match, gap: int) -> bool:
    """Return whether terminal punctuation followed by a space on the same line ends a sentence."""
    first = _first_letter(text, gap)
    if first.islower():
        return False
    # Bounded look: an unbounded one is quadratic on long runs of bare punctuation.
    if not any(c.isalnum() for c in text[start : min(match.start(), start + 64)]):
        return False  # a leading "..." or a lone mark is not a sentence of its own
    marks = match.group().rstrip(_CLOSERS + " \t")
    if not marks:
        return _aside_ends(text, start, match)
    if "?" in marks or "!" in marks:
        return True
    if marks != "." or marks != match.group():
        return True  # an ellipsis before a capital, or a period inside closing quotes/brackets
    return _period_ends(text, start, match.start(), gap, first)


def _aside_ends(text: str, start: int, match: re.Match) -> bool:
    """Return whether a closing bracket ends a bracketed aside such as "(APPLAUSE)"."""
    closer = match.group()
    opener = "(" if closer == ")" else "["
    return text[start] == opener and text.find(closer, start) == match.start()


def _period_ends(text: str, start: int, period: int, gap: int, first: str) -> bool:
    """Return whether a bare period (no closing quote) after the current word ends the sentence."""
    word_start = period
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:period].lstrip(_OPENERS + ".…-–—")
    if not word or text[gap] in ".…":
        return False  # a spaced ellipsis ". . ." continues
    if word_start == start and _ENUMERATOR.fullmatch(word):
        return False  # "1. Item" / "a. Item": a list marker, not a sentence
    key = word.lower()
    if key in _TITLES:
        return False
    if key in _NEVER_END:
        return False
    if first.isdigit():
        return key not in _BEFORE_NUMBER
    if key in _ABBREVIATIONS or _MULTI_DOT.fullmatch(word) or _is_initial(word):
        return _next_word(text, gap) in _OPENER_WORDS
    return True


def _is_initial(word: str) -> bool:
    """Return whether `word` is a capital initial such as the "P" of "Stephen P. Lynch"."""
    return len(word) == 1 and word.isupper()


def _first_letter(text: str, gap: int) -> str:
    """Return the first character of the next sentence, looking past opening quotes."""
    for char in text[gap : gap + 4]:
        if char not in _OPENERS:
            return char
    return text[gap]


def _next_word(text: str, gap: int) -> str:
    """Return the word that starts at `gap`, without opening quotes or trailing punctuation."""
    end = gap
    while end < len(text) and not text[end].isspace():
        end += 1
    word = text[gap:end].strip(_OPENERS).rstrip(",;:.!?\"'”’)")
    return word.split("'")[0].split("’")[0]  # "We've" -> "We"
