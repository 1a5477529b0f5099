"""Claim kinds, the rule-based reasons behind them, and who made a claim: simple, readable rules."""

from __future__ import annotations

import re
from collections.abc import Sequence

from checks import cues
from checks.spans import Quantity

KINDS = ("statistic", "quote", "event", "comparison", "prediction", "opinion", "other")

# Quantity kinds that make a sentence a statistic; a bare year, date or ordinal does not.
_STATISTIC_KINDS = {"money", "percent", "count", "duration", "measure", "multiplier"}
_QUANTITY_REASONS = {
    "money": "states a monetary figure",
    "percent": "gives a percentage",
    "count": "gives a count",
    "duration": "gives a duration",
    "measure": "gives a measurement",
    "multiplier": "states a multiple",
    "date": "names a date",
    "year": "names a year",
}
# A count of "one"/"a" is almost always a turn of phrase ("one of the reasons"), not a figure.
_TRIVIAL_COUNT = re.compile(r"(?i)(?:one|a|an|single)")

# "at least" and "at most" qualify a figure (a floor, a ceiling); they compare nothing.
# Each kind's pattern with its cues (checks.cues): a sentence without them skips the pattern.
_COMPARISON = cues.cued(
    r"(?i)\b(?:(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|better|worse|"
    r"faster|slower|cheaper|richer|poorer|older|younger) than|compared (?:with|to)|"
    r"twice as|(?:the )?(?<!at )(?:highest|lowest|largest|biggest|smallest|fastest|slowest|"
    r"greatest|worst|best|most|least|fewest)\b|as (?:many|much) as)",
    parts="than",
    words="compared twice many much highest lowest largest biggest smallest fastest slowest "
    "greatest worst best most least fewest",
)
_PREDICTION = cues.cued(
    r"(?i)(?<!the )(?<!political )(?<!free )(?<!good )(?<!ill )\bwill\b(?! of\b)|"
    r"\b(?:going to|is expected to|are expected to|is projected to|are projected to|"
    r"forecasts?|predicts?|by (?:the end of )?20[2-9]\d)\b",
    parts="by 20|by the end of 20",
    words="will going expected projected forecast forecasts predicts predict",
)
_OPINION = cues.cued(
    r"(?i)\b(?:should|must|ought to|I think|I believe|we believe|I feel|in my (?:view|opinion)|"
    r"it is time|it's time|I hope|we hope|need to)\b",
    words="should must ought think believe feel view opinion time hope need",
)
_EVENT = cues.cued(
    r"(?i)\b(?:voted|signed|passed|vetoed|announced|invaded|attacked|launched|killed|died|won|"
    r"elected|appointed|resigned|arrested|approved|rejected|agreed|declared|introduced|"
    r"imposed|banned|closed|opened|fired|met|visited|sent|seized|froze)\b",
    words="voted signed passed vetoed announced invaded attacked launched killed died won "
    "elected appointed resigned arrested approved rejected agreed declared introduced imposed "
    "banned closed opened fired met visited sent seized froze",
)

_SAY = (
    r"(?:said|says|say|told|tells|added|adds|argued|argues|warned|warns|wrote|writes|"
    r"insisted|insists|noted|notes|claimed|claims|explained|explains|stated|states|declared|"
    r"asked|replied|recalled|acknowledged|admitted|stressed|conceded)"
)
# A name: capitalised words, allowing initials ("Stephen P. Lynch"), "Mc"/"O'" and hyphens,
# after an optional abbreviated title ("Dr.", "Gen."); "President Biden" needs no special case.
_TITLE = r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Rev|Sgt|Adm|Maj|Sr|Jr)\. )"
_NAME = rf"{_TITLE}?[A-Z][\w'’\-]*(?: (?:[A-Z]\.|[A-Z][\w'’\-]*|de|von|van|bin|al))*"
_PRONOUN = r"(?:he|she|they|He|She|They)"
_QUOTE_CLOSE = r"[”\"’']"
_CLAIMANT_PATTERNS = (
    # "...," said Claudia Major / "..." says Major.
    re.compile(rf"{_QUOTE_CLOSE}\s*,?\s*{_SAY} (?P<name>{_NAME}|{_PRONOUN})"),
    # "...," Major said. / "...," he said.
    re.compile(rf"{_QUOTE_CLOSE}\s*,?\s*(?P<name>{_NAME}|{_PRONOUN}) {_SAY}\b"),
    # ..., said Claudia Major. (reported speech, the attribution at the end)
    re.compile(rf",\s*{_SAY} (?P<name>{_NAME})[\s,.]*(?:$|,)"),
    # ..., Major said. / ..., he said.
    re.compile(rf",\s*(?P<name>{_NAME}|{_PRONOUN}) {_SAY}[.!]?\s*$"),
    # Major said (that) ... / Major told reporters: "..."
    re.compile(rf"^(?P<name>{_NAME}) {_SAY}\b"),
    re.compile(rf"\baccording to (?P<name>{_NAME})"),
)
# Every claimant pattern holds one of the verbs of _SAY or "according to": a sentence with none
# of these (each verb that holds no shorter one) skips the six patterns.
_SAY_VERBS = _SAY[3:-1].split("|")
_SAYING = (
    *(v for v in _SAY_VERBS if not any(w != v and w in v for w in _SAY_VERBS)),
    "according to",
)
_QUOTATION = re.compile(r"[“\"]([^”\"]{12,})[”\"]")
_NOT_NAMES = frozenset("The This That It We I You They There But And So If In On A An".split())


def find_speaker(sentence: str) -> str | None:
    """Return the person a sentence attributes its words to ("said Claudia Major" → the name,
    "he said" → "he"), or None."""
    for verb in _SAYING:
        if verb in sentence:
            break
    else:
        return None
    for pattern in _CLAIMANT_PATTERNS:
        match = pattern.search(sentence)
        if match and match.group("name").split()[0] not in _NOT_NAMES:
            return match.group("name").rstrip(".")
    return None


def is_pronoun(speaker: str) -> bool:
    """Return whether a found speaker is a pronoun that needs an earlier name to resolve."""
    return re.fullmatch(_PRONOUN, speaker) is not None


def has_quotation(sentence: str) -> bool:
    """Return whether the sentence quotes someone's words (a quoted span of a dozen characters)."""
    return _QUOTATION.search(sentence) is not None


def statistic_quantities(quantities: Sequence[Quantity]) -> list[Quantity]:
    """Return the quantities that make a sentence a statistic (no bare years, dates, ordinals)."""
    return [
        q
        for q in quantities
        if q.kind in _STATISTIC_KINDS
        and not (q.kind == "count" and _TRIVIAL_COUNT.fullmatch(q.text.strip()))
    ]


def _marker(pattern: cues.Cued, sentence: str, folded: cues.Folded | None) -> str | None:
    match = pattern.search(sentence, folded)
    return match.group().lower() if match else None


def classify(
    sentence: str, quantities: Sequence[Quantity], speaker: str | None
) -> tuple[str, list[str]]:
    """Return the claim's kind and the rule-based reasons (each true of the sentence).

    Kinds take precedence in this order: statistic, quote, comparison, prediction, opinion,
    event, other; the reasons list every rule that fired, not only the winning one.
    """
    figures = statistic_quantities(quantities)
    quoted = has_quotation(sentence) and speaker is not None
    folded = cues.fold(sentence)
    comparison = _marker(_COMPARISON, sentence, folded)
    prediction = _marker(_PREDICTION, sentence, folded)
    opinion = _marker(_OPINION, sentence, folded)
    event = _marker(_EVENT, sentence, folded)
    reasons = _quantity_reasons(quantities)
    if quoted:
        reasons.append(_quote_reason(speaker))
    elif speaker is not None:
        reasons.append("reports what someone said")
    if comparison:
        verb = "compares quantities" if figures else "makes a comparison"
        reasons.append(f"{verb}: '{comparison}'")
    if prediction:
        reasons.append(f"predicts: '{prediction}'")
    if opinion:
        reasons.append(f"opinion marker: '{opinion}'")
    if event:
        reasons.append(f"reports an event: '{event}'")
    ordered = (
        ("statistic", bool(figures)),
        ("quote", quoted),
        ("comparison", bool(comparison)),
        ("prediction", bool(prediction)),
        ("opinion", bool(opinion)),
        ("event", bool(event) or any(q.kind in ("date", "year") for q in quantities)),
    )
    kind = next((name for name, fired in ordered if fired), "other")
    return kind, reasons


def _quantity_reasons(quantities: Sequence[Quantity]) -> list[str]:
    """Return one reason per kind of quantity present, in order of first appearance."""
    reasons: list[str] = []
    for quantity in quantities:
        reason = _QUANTITY_REASONS.get(quantity.kind)
        if quantity.kind == "percent" and quantity.unit == "pp":
            reason = "gives a change in percentage points"
        if reason and reason not in reasons:
            reasons.append(reason)
    return reasons


def _quote_reason(speaker: str) -> str:
    if is_pronoun(speaker):
        return "quotes someone"
    return "attributes a quote to a named person"
