"""Map the rating words of other fact-checkers ("Pants on Fire", "Half True") to our labels."""

from __future__ import annotations

import re

from checks.labels import DISPLAY_NAMES, LABELS, RATING_VALUES

# Keys are normalised rating texts (lowercase, words only). Ratings differ per outlet;
# these are the common ones of PolitiFact, Snopes, Full Fact, AFP, Reuters and ClaimReview.
_WORDS: dict[str, str] = {
    "true": "true",
    "correct": "true",
    "accurate": "true",
    "correct attribution": "true",
    "verified": "true",
    "mostly true": "mostly-true",
    "mostly correct": "mostly-true",
    "largely true": "mostly-true",
    "mostly accurate": "mostly-true",
    "half true": "mixed",
    "half truth": "mixed",
    "mixture": "mixed",
    "mixed": "mixed",
    "partly true": "mixed",
    "partly false": "mixed",
    "partially true": "mixed",
    "partially false": "mixed",
    "mostly false": "mostly-false",
    "largely false": "mostly-false",
    "barely true": "mostly-false",
    "false": "false",
    "not true": "false",
    "not correct": "false",
    "incorrect": "false",
    "wrong": "false",
    "fake": "false",
    "pants on fire": "false",
    "pants on fire false": "false",
    "four pinocchios": "false",
    "fabricated": "false",
    "hoax": "false",
    "scam": "false",
    "legend": "false",
    "misattributed": "false",
    "incorrect attribution": "false",
    "misleading": "misleading",
    "miscaptioned": "misleading",
    "missing context": "misleading",
    "lacks context": "misleading",
    "needs context": "misleading",
    "out of context": "misleading",
    "distorts the facts": "misleading",
    "exaggerated": "misleading",
    "exaggerates": "misleading",
    "cherry picks": "misleading",
    "spins the facts": "misleading",
    "satire": "misleading",
    "labeled satire": "misleading",
    "altered": "misleading",
    "manipulated": "misleading",
    "outdated": "misleading",
    "unproven": "unverifiable",
    "unverified": "unverifiable",
    "unsupported": "unverifiable",
    "unsubstantiated": "unverifiable",
    "no evidence": "unverifiable",
    "research in progress": "unverifiable",
    "undetermined": "unverifiable",
    "not a claim": "not-a-claim",
    "opinion": "not-a-claim",
    "no rating": "not-a-claim",
    "not rated": "not-a-claim",
}

# ClaimReview ratingValue 1..5 back to a label, when the text is not one we know.
_BY_VALUE: dict[int, str] = {value: label for label, value in RATING_VALUES.items()}


def normalise_rating(text: str) -> str:
    """Return a rating text reduced to lowercase words: "Pants-on-Fire!" -> "pants on fire"."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("'", "")))


def label_for_rating(text: str | None, value: object = None, best: object = None) -> str | None:
    """Return our label for a rating text (or a ClaimReview ratingValue on bestRating), or None.

    Our own labels and display names map to themselves, so our exports read back unchanged.
    """
    if text:
        key = normalise_rating(text)
        for label in LABELS:
            if key in (normalise_rating(label), normalise_rating(DISPLAY_NAMES[label])):
                return label
        if key in _WORDS:
            return _WORDS[key]
        # "False: the photo is altered" and "Rating: Mostly False" carry the word in a phrase.
        for words in sorted(_WORDS, key=len, reverse=True):
            if re.search(rf"\b{re.escape(words)}\b", key):
                return _WORDS[words]
    return _label_for_value(value, best)


def _label_for_value(value: object, best: object) -> str | None:
    try:
        number = float(value)  # type: ignore[arg-type]
        scale = float(best) if best not in (None, "") else 5.0  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if scale <= 1:
        return None
    # Rescale any 1..best scale onto ClaimReview's usual 1..5.
    return _BY_VALUE.get(round(1 + (number - 1) * 4 / (scale - 1)))
