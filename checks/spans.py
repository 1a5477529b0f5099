"""Frozen span records with character offsets into the cleaned text they came from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """A sentence: `text == source[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quantity:
    """A number with its meaning: `value` fully scaled, `unit` normalised (DESIGN.md §4)."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    kind: str
    qualifier: str | None = None
    per: str | None = None

    def to_dict(self) -> dict:
        """Return the QUANTITY object of the JSON contract."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "qualifier": self.qualifier,
            "per": self.per,
        }


@dataclass(frozen=True)
class Claim:
    """A check-worthiness-scored sentence with its quantities (offsets into the same text)."""

    start: int
    end: int
    text: str
    sentence: int
    kind: str
    score: float
    checkworthy: bool
    reasons: tuple[str, ...] = ()
    claimant: str | None = None
    quantities: tuple[Quantity, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        """Return the CLAIM object of the JSON contract."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence,
            "kind": self.kind,
            "score": self.score,
            "checkworthy": self.checkworthy,
            "reasons": list(self.reasons),
            "claimant": self.claimant,
            "quantities": [q.to_dict() for q in self.quantities],
        }


@dataclass(frozen=True)
class Extraction:
    """Everything `extract` finds in one document."""

    text: str
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    title: str | None = None
    published_at: str | None = None
    author: str | None = None

    def to_dict(self) -> dict:
        """Return the `extract --format json` object."""
        return {
            "text": self.text,
            "sentences": [{"start": s.start, "end": s.end, "text": s.text} for s in self.sentences],
            "claims": [c.to_dict() for c in self.claims],
        }
