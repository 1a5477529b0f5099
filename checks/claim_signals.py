"""What a sentence says about itself, beyond the learned score: a figure to check, or talk about
the document, a reporter's question, a plan or a list to follow. Each signal moves the score by a
fixed step (a log-odds shift) and comes with a reason a reviewer can read."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from checks import cues
from checks.claim_kinds import statistic_quantities
from checks.spans import Quantity

# The document talking about itself or how to read it: its sections, figures, release dates,
# where more is found. Such a sentence tells the reader nothing that a desk could check.
_ABOUT_DOCUMENT = re.compile(
    r"(?i)\b(?:this|our|previous|next|following|earlier|latest|forthcoming) (?:\w+ ){0,2}"
    r"(?:bulletin|release|report|section|blog|article|chapter|table|chart|figure|diagram|annex|"
    r"appendix|publication|document|website|glossary|statement|briefing|interview|testimony)\b"
    r"|\b(?-i:Report|Bulletin|Review|Release|Blog|Survey) (?:includes|contains|presents|"
    r"describes|sets out|discusses|covers)\b|^This is the (?:first|second|third|final|latest|"
    r"provisional|preliminary) (?:estimate|release|edition|publication)\b"
    r"|\bthe (?:section|chapter|annex|appendix|glossary|website|bulletin|publication|release of)\b"
    r"|\b(?:figure|chart|table|diagram|box|annex)\s+\d|\b(?:diagram|glossary|footnote|appendix)\b"
    r"|\b(?:data|figures|estimates) (?:have|has) (?:also )?been (?:updated|revised)\b"
    r"|\((?:see|cf\.?)\b|\bsee (?:also|section|table|chart|figure|box|page|annex)\b"
    r"|\bsee the (?:table|chart|figure|section|box|annex|appendix|glossary|website|notes?)\b"
    r"|can be found|(?:is|are) available (?:on|at|in|from)|for more information"
    r"|further (?:details|information)|(?:is|are) scheduled to be (?:released|published)"
    r"|subject to (?:sizeable |substantial )?revisions?|please note|\bwww\.|https?://"
)
# Every alternative of _ABOUT_DOCUMENT contains one of these (lower case): a sentence with none
# of them skips the long pattern, which costs more than all the other signals together.
_DOCUMENT_WORDS = tuple(
    "bulletin release report section blog article chapter table chart figure diagram annex "
    "appendix publication document website glossary statement briefing interview testimony "
    "review survey estimate edition box footnote data see cf found available information "
    "details scheduled revision note www http".split()
)
# A sentence that only announces what follows ("The increase was a result of:").
_INTRODUCES_LIST = re.compile(r":\s*$")
# A speaker's intentions, duties and hopes rather than a state of the world.
_INTENT = cues.cued(
    r"(?i)\b(?:we|i)(?: will| need to| must| should| want to| would like to| hope| intend| "
    r"remain committed| are committed| look forward)\b|\bit is (?:important|essential|crucial|"
    r"necessary|informative) to\b|\blet me\b|\bwe(?:'|’)ll\b"
    # Aims and plans ("is focused on", "has a plan to", "the plan is about"), and hopes no one
    # answers for ("it is expected that").
    r"|\b(?:is|are) (?:really |very |squarely )?focused on\b|\bha(?:s|ve) an? (?:\w+ )?"
    r"(?:plan|strategy|vision|agenda) (?:to|for)\b|\bis really about\b"
    r"|\b(?:plan|strategy|vision|agenda|policy) is (?:all )?about\b"
    r"|\bit is (?:expected|anticipated|hoped|envisaged) that\b",
    words="will need must should want like hope intend committed forward important essential "
    "crucial necessary informative expected anticipated hoped envisaged let ll focused plan "
    "strategy vision agenda really policy",
)
# A benefit promised without a figure ("will further strengthen ties"): a hope, not yet a fact.
_PROMISE = cues.cued(
    r"(?i)\bwill (?:further |also |greatly |significantly |help (?:to )?)?(?:strengthen|boost|"
    r"improve|enhance|help|ensure|pave the way|promote|foster|facilitate|benefit|transform|"
    r"empower)\b",
    words="will",
)
# A meeting, a briefing or a formality reported as news: that it happened is rarely in doubt.
_PROCEDURE = cues.cued(
    r"(?i)\b(?:held|holding|hold|holds) (?:a |an )?(?:\w+ )?(?:discussions?|meetings?|talks|"
    r"consultations?|press conference)\b|\bcalled a press conference\b|\bapprised\b|"
    r"\bbriefed\b|\bdelegation\b|\bsubmitted (?:\w+ )?(?:remarks|testimony|statement)\b",
    words="held holding hold holds conference apprised briefed delegation submitted",
)
# The writer's own reporting or rating: asking for comment, a rating given by the desk itself
# ("We rate it Half true"). It tells how the piece was made, not a fact in dispute.
_OWN_PROCESS = cues.cued(
    r"(?i)\b(?:reached out|asked|contacted|approached|requests?|request(?:ed|ing))\b[^.]{0,60}"
    r"\bfor (?:a |further )?comment\b|\b(?:declined|refused) to comment\b"
    r"|\b(?:did not|didn't|has not|hasn't|had not|have not|haven't) (?:yet |immediately )?"
    r"(?:respond(?:ed)?|repl(?:y|ied)) to (?:a |an |our |several |repeated )?(?:requests?|"
    r"emails?|calls?|messages?|questions|inquir(?:y|ies)|queries)\b"
    r"|\b(?:did not|didn't) hear back\b|\bcould not be reached\b"
    r"|\bby (?:the time of |our )?(?:publication|deadline|press time)\b"
    r"|^(?:so |therefore |thus )?we rate (?:it|this|that|the (?:\w+ )?(?:claim|statement))\b"
    r"|^our (?:rating|ruling|verdict)\b",
    words="reached asked contacted approached request requests requested requesting declined "
    "refused not didn hasn hadn haven reached publication deadline press rate rating ruling "
    "verdict",
)
# A value judgement in the main clause ("X is essential", "plays a key role"): nothing a desk
# could check. A judgement in a relative clause ("..., which is critical") leaves the main
# clause's claim standing; "critical of" criticises, "than was necessary" compares.
_JUDGEMENT = cues.cued(
    r"(?i)(?<!which )(?<!that )(?<!than )\b(?:is|are|was|were|be|been|remains?|remained)\s+"
    r"(?:very |really |so |particularly |absolutely |also |still |extremely )?(?:key|essential|"
    r"crucial|important|vital|critical|necessary|appropriate|fundamental|paramount|"
    r"indispensable)\b(?! of\b)|\bplays? an? (?:\w+ )?role\b|\ba key (?:component|element|part|"
    r"pillar|driver|priority)\b",
    words="key essential crucial important vital critical necessary appropriate fundamental "
    "paramount indispensable role",
)
# A view given to unnamed people ("Many point to ..."); with a figure it is a claim to check.
_UNNAMED_VIEW = re.compile(
    r"^(?:Many|Some|Critics|Experts|Observers|Analysts|Others) (?:\w+ )?(?:point|say|believe|"
    r"argue|think|feel|suggest|fear|worry)\b"
)
# An interviewer's or reporter's words addressed to the guest ("you pointed out that ...").
_ADDRESSED = re.compile(r"(?i)^(?:in an? [^,]{0,60},? )?you (?:said|pointed out|wrote|argued)\b")
QUESTION_TURNS = frozenset({"Q", "QUESTION", "REPORTER", "INTERVIEWER", "AUDIENCE MEMBER"})

# Log-odds steps. Fixed by reasoning about what each signal means, not fitted: a figure raises
# the odds about 2.7-fold, talk about the document lowers them about 20-fold.
_FIGURE_STEP = 1.0
_DOCUMENT_STEP = -3.0
_LIST_STEP = -4.0
_INTENT_STEP = -1.0
_PROCEDURE_STEP = -2.0
_JUDGEMENT_STEP = -1.5
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
    folded = cues.fold(sentence)
    if _about_document(sentence, folded):
        shift += _DOCUMENT_STEP
        reasons.append("talks about the document or where to read more, not about the world")
    if _INTRODUCES_LIST.search(sentence):
        shift += _LIST_STEP
        reasons.append("only introduces what follows")
    figures = statistic_quantities(quantities)
    if figures:
        shift += _FIGURE_STEP
    if _INTENT.search(sentence, folded) or (not figures and _PROMISE.search(sentence, folded)):
        shift += _INTENT_STEP
        reasons.append("states an intention, a plan or a duty, which cannot be checked yet")
    if _PROCEDURE.search(sentence, folded):
        shift += _PROCEDURE_STEP
        reasons.append("reports a meeting or a formality, not a fact in dispute")
    if _OWN_PROCESS.search(sentence, folded):
        shift += _PROCEDURE_STEP
        reasons.append("the writer's own reporting or rating, not a claim to check")
    if _JUDGEMENT.search(sentence, folded) or (not figures and _UNNAMED_VIEW.match(sentence)):
        shift += _JUDGEMENT_STEP
        reasons.append("a value judgement or an unattributed view, not a checkable fact")
    if (turn or "").upper() in QUESTION_TURNS or _ADDRESSED.search(sentence):
        shift += _QUESTION_STEP
        reasons.append("a reporter's question, not the speaker's claim")
    return Signals(shift, tuple(reasons))


def _about_document(sentence: str, folded: cues.Folded | None) -> bool:
    """Return whether the sentence talks about the document (a cheap word test first)."""
    lower = folded.lower if folded is not None else sentence.lower()
    return any(w in lower for w in _DOCUMENT_WORDS) and bool(_ABOUT_DOCUMENT.search(sentence))


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
