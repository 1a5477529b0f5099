"""Claims from sentences (DESIGN.md §4): candidates, kind, check-worthiness score, reasons,
claimant and quantities."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from checks import claim_kinds, claim_signals
from checks.checkworthiness import load_model
from checks.quantities import find_quantities
from checks.segment import speaker_label
from checks.spans import Claim, Quantity, Sentence

# Check-worthy when score >= THRESHOLD: the highest-precision cut with recall >= 0.90 on the
# realdocs-dev documents (bench/realdocs.py prints the sweep; the README states it, a test keeps
# the two equal).
THRESHOLD = 0.70
# Sentences scored one by one (`extract --lines`: debate lines, lists of claims) have no document
# around them (no lead, no turn): their cut is the one that maximised F1 on out-of-fold scores
# over the ClaimBuster training debates (bench/train_checkworthiness.py), as before issue 11.
LINES_THRESHOLD = 0.42

MIN_WORDS = 4
_WORD = re.compile(r"[\w'’]+")
# A byline is "By" and names only ("By Maria Okafor and Tom Lindqvist"); a dateline is a short
# "Updated/Published ..." line with a number in it.
_BYLINE = re.compile(
    r"^(?:(?:Written |Reporting |Photos? )?[Bb]y|Words by)\s+[A-Z][\w.'’\-]*"
    r"(?:,?\s+(?:[A-Z][\w.'’\-]*|and|&|in|of|the|de|van|von))*\s*\.?$"
)
_DATELINE = re.compile(r"(?i)^(?:published|updated|posted|last updated|first published)\b.*\d")
# A colon does not end a heading: "What the deal contains:" alone on a line is a heading.
_TERMINAL = re.compile(r"[.!?…;][\"'”’»)\]]*$")
_QUESTION = re.compile(r"\?[\"'”’»)\]]*$")
# Labels in the form of a speaker label ("CLAIM:", "FACT:", "UPDATED:") that name no speaker.
_NOT_SPEAKERS = frozenset(
    "CLAIM FACT FACT CHECK VERDICT RATING UPDATE UPDATED EXCLUSIVE BREAKING NOTE EDITOR'S NOTE "
    "CORRECTION CLARIFICATION SOURCE SOURCES READ MORE RELATED WATCH ANALYSIS OPINION SUMMARY "
    "BACKGROUND CONTEXT WARNING TRUE FALSE MISLEADING PHOTO VIDEO".split()
) | {"FACT CHECK", "EDITOR'S NOTE", "READ MORE"}
_TRANSCRIPT_PREFIX = re.compile(r"^(?P<name>[A-Z][A-Z.'’\- ]{1,40}):\s")


@dataclass(frozen=True)
class LineScore:
    """The score of one input line of `extract --lines` (quantity offsets into that line)."""

    score: float
    checkworthy: bool
    kind: str
    quantities: tuple[Quantity, ...] = ()


def needs_vectors() -> bool:
    """Return whether the scorer reads sentence embeddings (the pipeline then embeds claims)."""
    return load_model().uses_vectors


def claim_candidates(text: str, sentences: Sequence[Sentence]) -> list[int]:
    """Return the indices of the sentences that are claims: all but questions, headings,
    bylines, transcript speaker labels and fragments under four words."""
    return [i for i, s in enumerate(sentences) if _is_claim(text, s)]


def _is_claim(text: str, sentence: Sentence) -> bool:
    words = _WORD.findall(sentence.text)
    if len(words) < MIN_WORDS or speaker_label(sentence.text) is not None:
        return False
    if _QUESTION.search(sentence.text) or _BYLINE.match(sentence.text):
        return False
    if _DATELINE.match(sentence.text) and len(words) <= 12:
        return False
    return not _is_heading(text, sentence, len(words))


def _is_heading(text: str, sentence: Sentence, n_words: int) -> bool:
    """Return whether a sentence is a heading: alone on its line, short, no closing punctuation."""
    if n_words > 20 or _TERMINAL.search(sentence.text):
        return False
    return _line_edge(text, sentence.start, -1) and _line_edge(text, sentence.end, 1)


def _line_edge(text: str, index: int, step: int) -> bool:
    """Return whether only spaces and tabs lie between `index` and the text's edge or a newline,
    looking backwards (`step` -1) or forwards (1). Walks the gap only, never copies the text:
    a copy per sentence made extraction quadratic in the document's length."""
    i = index - 1 if step < 0 else index
    while 0 <= i < len(text) and text[i] in " \t":
        i += step
    return not 0 <= i < len(text) or text[i] == "\n"


def build_claims(
    text: str,
    sentences: Sequence[Sentence],
    vectors: np.ndarray | None = None,
    author: str | None = None,
    candidates: Sequence[int] | None = None,
) -> list[Claim]:
    """Return one Claim per candidate sentence, in order; `vectors` are the candidates' unit
    embeddings in candidate order (read only when `needs_vectors()`); `candidates`, when the
    caller has them, are `claim_candidates(text, sentences)`."""
    if candidates is None:
        candidates = claim_candidates(text, sentences)
    texts = [sentences[i].text for i in candidates]
    scores = load_model().scores(texts, vectors) if texts else np.zeros(0)
    speakers = _claimants(sentences, candidates, author)
    claims = []
    for row, index in enumerate(candidates):
        sentence = sentences[index]
        quantities = tuple(
            replace(q, start=q.start + sentence.start, end=q.end + sentence.start)
            for q in find_quantities(sentence.text)
        )
        position = row / max(len(candidates) - 1, 1)
        found = claim_signals.signals(sentence.text, quantities, speakers[row][2])
        score = claim_signals.final_score(float(scores[row]), found.shift, position)
        claims.append(_claim(sentence, index, score, found.reasons, quantities, speakers[row]))
    return claims


def _claim(
    sentence: Sentence,
    index: int,
    score: float,
    signal_reasons: tuple[str, ...],
    quantities: tuple[Quantity, ...],
    claimant: tuple[str | None, str | None, str | None],
) -> Claim:
    speaker, who, _ = claimant
    kind, reasons = claim_kinds.classify(sentence.text, quantities, speaker)
    reasons.extend(signal_reasons)
    reasons.append(_score_reason(score))
    return Claim(
        start=sentence.start,
        end=sentence.end,
        text=sentence.text,
        sentence=index,
        kind=kind,
        score=score,
        checkworthy=score >= THRESHOLD,
        reasons=tuple(reasons),
        claimant=who,
        quantities=quantities,
    )


def score_texts(texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
    """Return the final scores of sentences scored alone (no transcript turn): the learned
    score moved by the sentence's signals (checks.claim_signals)."""
    learned = load_model().scores(texts, vectors) if len(texts) else np.zeros(0)
    return np.array(
        [
            claim_signals.final_score(score, claim_signals.signals(t, find_quantities(t)).shift)
            for t, score in zip(texts, learned, strict=True)
        ]
    )


def _claimants(
    sentences: Sequence[Sentence], candidates: Sequence[int], author: str | None
) -> list[tuple[str | None, str | None, str | None]]:
    """Return (speaker found in the sentence, claimant, transcript turn) for each candidate: the
    quoted speaker, "he said" resolved to the speaker named in the sentence just before, the
    transcript speaker (a reporter for a "Q" turn), else the author."""
    wanted = set(candidates)
    out: list[tuple[str | None, str | None, str | None]] = []
    turn: str | None = None
    previous: str | None = None
    for index, sentence in enumerate(sentences):
        label = speaker_label(sentence.text)
        if label is not None:
            # "CLAIM:", "UPDATED:" label a passage; they name no one.
            turn = None if label.upper() in _NOT_SPEAKERS else label
            previous = None
            continue
        prefix = _TRANSCRIPT_PREFIX.match(sentence.text)
        speaker = prefix.group("name") if prefix else claim_kinds.find_speaker(sentence.text)
        resolved = speaker
        if speaker and claim_kinds.is_pronoun(speaker):
            # Only a pronoun right after a named quote is resolved: further back it is a guess.
            resolved = previous
        if index in wanted:
            speaking = "reporter" if turn in claim_signals.QUESTION_TURNS else turn
            out.append((speaker, resolved or speaking or author, turn))
        previous = resolved
    return out


def _score_reason(score: float) -> str:
    """Return the score's reason: where it stands against the check-worthy threshold."""
    verdict = "check-worthy" if score >= THRESHOLD else "not check-worthy"
    return f"score: {score:.2f}, {verdict} (threshold {THRESHOLD:.2f})"


def score_lines(lines: Sequence[str], vectors: np.ndarray | None = None) -> list[LineScore]:
    """Return one LineScore per line, each line scored whole (check-worthy from
    LINES_THRESHOLD); blank lines score 0.0."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    rows = None
    if vectors is not None and len(filled):
        # The pipeline embeds every line; accept vectors for the non-blank lines only as well.
        rows = np.asarray(vectors)
        rows = rows[filled] if len(rows) == len(lines) else rows
    scores = score_texts([lines[i] for i in filled], rows) if filled else np.zeros(0)
    out = [LineScore(0.0, False, "other") for _ in lines]
    for row, index in enumerate(filled):
        line = lines[index]
        quantities = tuple(find_quantities(line))
        kind, _ = claim_kinds.classify(line, quantities, claim_kinds.find_speaker(line))
        score = float(scores[row])
        out[index] = LineScore(score, score >= LINES_THRESHOLD, kind, quantities)
    return out
