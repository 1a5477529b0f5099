"""Cheap necessary conditions tested before costly regular expressions: a sentence that holds
none of a pattern's cues cannot match it, so the pattern is not run and the result is the same.

Python's `re` tries a case-insensitive alternation of words at every position of a sentence;
a substring test on the lower-cased sentence, or a look-up in its set of words, costs a small
fraction of that, and most sentences hold no cue of most patterns."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

# The only non-ASCII letters that re.IGNORECASE matches to ASCII ones (the `re` documentation:
# "İ", "ı", "ſ" and the Kelvin sign). A sentence that holds one is never ruled out by cues.
_ASCII_LOOKALIKES = re.compile("[\u0130\u0131\u017f\u212a]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Folded:
    """A sentence in lower case and the set of its words (runs of \\w, lower case)."""

    lower: str
    words: frozenset[str]


@functools.lru_cache(maxsize=8)  # the scorer, the signals and the kinds read the same sentence
def fold(text: str) -> Folded | None:
    """Return the lower-cased sentence and its words, or None when it holds a letter that
    re.IGNORECASE matches to an ASCII letter but lower() does not map to one (no cue test then).

    Without those four letters, lower() maps exactly the characters that match an ASCII letter
    case-insensitively to that letter, and keeps every other character a word character or not
    as it was: a case-insensitive match of lower-case ASCII text is then a substring of `lower`,
    and a match of a whole word is one of `words` (tests/test_cues.py checks every code point)."""
    if not text.isascii() and _ASCII_LOOKALIKES.search(text):
        return None
    lower = text.lower()
    return Folded(lower, frozenset(_WORD.findall(lower)))


@dataclass(frozen=True)
class Cued:
    """A compiled pattern with its cues: every match contains one of `parts` (lower-case text)
    or is, or contains, one whole word of `words` (lower case). No cues: always run. `exact`:
    the pattern matches exactly when the sentence holds one of `words` (it only looks for them)."""

    pattern: re.Pattern[str]
    parts: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()
    exact: bool = False
    cued: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cued", bool(self.parts or self.words))

    def search(self, text: str, folded: Folded | None) -> re.Match[str] | None:
        """Return `pattern.search(text)`, skipped (None) when `folded` holds none of the cues."""
        if folded is not None and self.cued and self.words.isdisjoint(folded.words):
            lower = folded.lower
            for part in self.parts:
                if part in lower:
                    break
            else:
                return None
        return self.pattern.search(text)

    def found(self, text: str, folded: Folded | None) -> bool:
        """Return whether the pattern occurs in `text` (without running it when `exact`)."""
        if self.exact and folded is not None:
            return not self.words.isdisjoint(folded.words)
        return self.search(text, folded) is not None


def cued(
    pattern: str | re.Pattern[str], parts: str = "", words: str = "", exact: bool = False
) -> Cued:
    """Return a Cued pattern; `parts` are separated by "|" (they may hold spaces), `words` by
    spaces. Raises ValueError for an `exact` pattern with parts (only words can be exact)."""
    compiled = re.compile(pattern) if isinstance(pattern, str) else pattern
    split = tuple(p for p in parts.split("|") if p)
    if exact and (split or not words.split()):
        raise ValueError(f"an exact pattern is answered by its words alone: {compiled.pattern!r}")
    return Cued(compiled, split, frozenset(words.split()), exact)
