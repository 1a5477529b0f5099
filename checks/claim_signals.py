"""What a sentence says about itself, beyond the learned score: a figure to check, or talk about
the document, a reporter's question, a plan or a list to follow. Each signal moves the score by a
fixed step (a log-odds shift) and comes with a reason a reviewer can read."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from checks.claim_kinds import statistic_quantities
from checks.spans import Quantity

# The document talking about itself or how to read it: its sections, figures, release dates,
# where more is found. Such a sentence tells the reader nothing that a desk could check.
_ABOUT_DOCUMENT = re.compile(
    r"(?i)\b(?:this|our|previous|next|following) (?:bulletin|release|report|section|blog|"
    r"article|chapter|table|chart|figure|diagram|annex|appendix|publication|document|"
    r"website|glossary|statement|briefing|interview|testimony)\b"
    r"|\bthe (?:section|chapter|annex|appendix|glossary|website|bulletin|publication|release of)\b"
    r"|\b(?:figure|chart|table|diagram|box|annex)\s+\d|\b(?:diagram|glossary|footnote|appendix)\b"
    r"|\b(?:data|figures|estimates) (?:have|has) (?:also )?been (?:updated|revised)\b"
    r"|\((?:see|cf\.?)\b|\bsee (?:also|the|section|table|chart|figure|box|page|annex)\b"
    r"|can be found|(?:is|are) available (?:on|at|in|from)|for more information"
    r"|further (?:details|information)|(?:is|are) scheduled to be (?:released|published)"
    r"|subject to (?:sizeable |substantial )?revisions?|please note|\bwww\.|https?://"
)
# A sentence that only announces what follows ("The increase was a result of:").
_INTRODUCES_LIST = re.compile(r":\s*$")
# A speaker's intentions, duties and hopes rather than a state of the world.
_INTENT = re.compile(
    r"(?i)\b(?:we|i)(?: will| need to| must| should| want to| would like to| hope| intend| "
    r"remain committed| are committed| look forward)\b|\bit is (?:important|essential|crucial|"
    r"necessary|informative) to\b|\blet me\b|\bwe(?:'|’)ll\b"
)
# An interviewer's or reporter's words addressed to the guest ("you pointed out that ...").
_ADDRESSED = re.compile(r"(?i)^(?:in an? [^,]{0,60},? )?you (?:said|pointed out|wrote|argued)\b")
QUESTION_TURNS = frozenset({"Q", "QUESTION", "REPORTER", "INTERVIEWER", "AUDIENCE MEMBER"})

# Log-odds steps. Fixed by reasoning about what each signal means, not fitted: a figure raises
# the odds about 2.7-fold, talk about the document lowers them about 20-fold.
_FIGURE_STEP = 1.0
_DOCUMENT_STEP = -3.0
_LIST_STEP = -2.0
_INTENT_STEP = -1.0
_QUESTION_STEP = -3.0
# Log-odds past which the learned model is sure (compressed towards it), and the most the lead
# of a document adds among sure claims. Chosen on realdocs-dev (bench/realdocs.py).
_SURE = 3.0
_LEAD_STEP = 1.0


@dataclass(frozen=True)
class Signals:
    """The log-odds shift for one sentence and the reasons behind it."""

    shift: float
    reasons: tuple[str, ...]


def signals(sentence: str, quantities: Sequence[Quantity], turn: str | None = None) -> Signals:
    """Return the score shift and reasons for a sentence with its quantities, in a transcript
    turn of `turn` (a speaker label) or none."""
    shift, reasons = 0.0, []
    if statistic_quantities(quantities):
        shift += _FIGURE_STEP
    if _ABOUT_DOCUMENT.search(sentence):
        shift += _DOCUMENT_STEP
        reasons.append("talks about the document or where to read more, not about the world")
    if _INTRODUCES_LIST.search(sentence):
        shift += _LIST_STEP
        reasons.append("only introduces what follows")
    if _INTENT.search(sentence):
        shift += _INTENT_STEP
        reasons.append("states an intention or a duty, which cannot be checked yet")
    if (turn or "").upper() in QUESTION_TURNS or _ADDRESSED.search(sentence):
        shift += _QUESTION_STEP
        reasons.append("a reporter's question, not the speaker's claim")
    return Signals(shift, tuple(reasons))


def final_score(learned: float, shift: float, position: float | None = None) -> float:
    """Return the claim's score from the learned probability and the signals' log-odds shift.

    Log-odds above _SURE are compressed towards it (the learned model is over-confident: without
    this, dozens of claims tie at 1.00), and among the claims it is sure of, those early in the
    document (`position` 0 = first claim, 1 = last) come first: news, releases and bulletins
    lead with their main figures.
    """
    learned = min(max(learned, 1e-9), 1 - 1e-9)
    logit = math.log(learned / (1 - learned)) + shift
    capped = _SURE * math.tanh(logit / _SURE) if logit > 0 else logit
    if position is not None:
        sureness = 1.0 / (1.0 + math.exp(-(logit - _SURE / 2)))
        capped += _LEAD_STEP * (1.0 - position) * sureness
    return 1.0 / (1.0 + math.exp(-max(min(capped, 30.0), -30.0)))
