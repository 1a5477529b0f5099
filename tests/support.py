"""Test helpers shared by the test modules: the one way tests add a document (and a match)."""

from __future__ import annotations

import csv
import hashlib
import io

from sqlite_utils import Database

import db.connection
import db.documents
import db.matches
import db.verdicts
from checks.embed import content_hash

# A small archive of earlier fact-checks: three claims, two of them rated.
ARCHIVE = (
    "id,claim,rating\n"
    "A1,The city council voted 31 to 14 to approve the tram plan.,Mostly True\n"
    "A2,Lakeport will spend €2.8 billion on the new tram lines.,Pants on Fire\n"
    "A3,Unemployment in the region fell to 4 percent last spring.,\n"
)


def make_claim(text: str, start: int = 0, **extra) -> dict:
    """Return a claim row for `db.documents.add_document`."""
    row = {
        "sentence": 0,
        "start": start,
        "end": start + len(text),
        "text": text,
        "kind": "statistic",
        "score": 0.9,
        "checkworthy": True,
        "reasons": ["states a monetary figure"],
        "claimant": None,
        "content_hash": content_hash(text),
        "quantities": [],
    }
    row.update(extra)
    return row


def add_document(
    database: Database,
    *claims: str | tuple[str, dict],
    title: str = "Doc",
    separator: str = " ",
    **document: object,
) -> list[int]:
    """Add a document whose sentences are the given claims, each a text or (text, claim
    fields), joined by `separator`; `document` adds document fields. Returns the claim ids."""
    pairs = [(c, {}) if isinstance(c, str) else c for c in claims]
    sentences, rows, pos = [], [], 0
    for i, (text, extra) in enumerate(pairs):
        sentences.append({"start": pos, "end": pos + len(text)})
        rows.append(make_claim(text, start=pos, sentence=i, **extra))
        pos += len(text) + len(separator)
    full = separator.join(text for text, _ in pairs)
    row = {
        "title": title,
        "ingested_at": db.connection.now(),
        "sha256": hashlib.sha256(full.encode()).hexdigest(),
        "text": full,
        **document,
    }
    with db.connection.write_transaction(database):
        _, ids = db.documents.add_document(database, row, sentences, rows)
    return ids


def add_match(
    database: Database, claim_id: int, other: int, level: str = "same", numbers: str = "same"
) -> None:
    """Store a match of `claim_id` to `other` with similarity 0.9."""
    match = {"claim_id": claim_id, "matched_claim_id": other, "similarity": 0.9,
             "level": level, "numbers": numbers}  # fmt: skip
    with db.connection.write_transaction(database):
        db.matches.add_matches(database, [match])


def verdict(database, claim_id: int, label: str = "false", **extra) -> dict:
    """Record a verdict as stored (the store keeps names and text exactly as given)."""
    fields = {"reviewer": "Ana", "rationale": "The budget says otherwise.", **extra}
    return db.verdicts.record_verdict(database, claim_id, label=label, **fields)


def csv_rows(data: bytes) -> list[dict]:
    """Return the rows of a CSV report as dicts (a byte-order mark is skipped)."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
