"""Numerals and number words to floats: "1,000.5", "1.000,5", "2 1/2", "twenty-one", "a dozen"."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Words that multiply what came before: "three hundred", "two dozen", "five million".
MULTIPLIERS = {
    "hundred": 100, "dozen": 12, "thousand": 1e3, "million": 1e6, "billion": 1e9,
    "trillion": 1e12, "lakh": 1e5, "crore": 1e7,
}  # fmt: skip
# Scale suffixes after a numeral ("$5bn", "10k"); the one-letter ones are only read where
# the caller knows the context is money or the letter is glued to the digits.
SCALE_WORDS = {
    **{w: v for w, v in MULTIPLIERS.items() if w not in ("hundred", "dozen")},
    "hundred": 100, "bn": 1e9, "bln": 1e9, "mn": 1e6, "mln": 1e6, "mil": 1e6, "mm": 1e6,
    "tn": 1e12, "tln": 1e12, "trn": 1e12, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12, "g": 1e9,
}  # fmt: skip
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}  # fmt: skip
UNICODE_FRACTIONS = {
    "½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅖": 0.4, "⅗": 0.6,
    "⅘": 0.8, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875,
}  # fmt: skip

_WORD_ALT = "|".join(sorted([*UNITS, *MULTIPLIERS], key=len, reverse=True))
# A run of number words joined by spaces, hyphens or "and": "one hundred and twenty-one".
WORDS_PATTERN = (
    rf"(?:\ban?\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"\b(?:{_WORD_ALT})(?:(?:\s*-\s*|\s+and\s+|\s+)(?:{_WORD_ALT})\b)*\b"
)
_UNI = "".join(UNICODE_FRACTIONS)
# Digits: US grouping "1,234.5", UK/EU grouping "1.234,5" or "1.234.567" (unambiguous only),
# space grouping "1 234 567", plain "1234.5", ".25", mixed fractions "2 1/2", "5-1/4", "2½".
DIGITS_PATTERN = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)"
    r"|\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?(?!\d|,\d)"
    r"|\d{1,3}(?:\.\d{3})+,\d{1,2}(?!\d|,\d)"
    r"|\d{1,3}(?:\.\d{3}){2,}(?![.\d])"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)"
    r"|[1-9]/(?:2|3|4|5|8|10|16|20|40|100)(?![/\d])"
    r"|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:(?:\s+|-)[1-9]/(?:2|3|4|8|16)(?![/\d])|[" + _UNI + r"])?"
    r"|\.\d+"
    r"|[" + _UNI + r"])"
)
_WORD_SPLIT = re.compile(r"\s*-\s*|\s+")


def parse_digits(text: str) -> float:
    """Return the value of a DIGITS_PATTERN match; raise ValueError when it is not one."""
    text = text.strip()
    if text[-1] in UNICODE_FRACTIONS:
        head = text[:-1]
        return (float(head) if head else 0.0) + UNICODE_FRACTIONS[text[-1]]
    if "/" in text:
        whole, _, frac = text.replace("-", " ").rpartition(" ")
        num, den = frac.split("/")
        return (float(whole) if whole else 0.0) + int(num) / int(den)
    if "," in text and re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d{1,2}", text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", text):
        return float(text.replace(".", ""))
    return float(re.sub(r"[,\s\u00a0\u202f]", "", text))


def parse_words(text: str) -> float | None:
    """Return the value of a run of number words ("two hundred and five"), or None."""
    words = [w for w in _WORD_SPLIT.split(text.lower()) if w and w != "and"]
    if words and words[0] in ("a", "an"):
        words[0] = "one"
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word in UNITS:
            current += UNITS[word]
        elif word == "hundred" or word == "dozen":
            current = (current or 1) * MULTIPLIERS[word]
        elif word in MULTIPLIERS:
            total += (current or 1) * MULTIPLIERS[word]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def fraction_value(numerator: float, word: str) -> float | None:
    """Return numerator / denominator for "two thirds", "a quarter"; None for an unknown word."""
    den = FRACTIONS.get(word.lower())
    return numerator / den if den else None
