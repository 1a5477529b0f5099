"""Ingesting documents: extract the claims of a cleaned document, then store it with its
sentences, claims, embeddings and matches in one transaction (or fill in what a known one
lacks)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlite_utils import Database

import db.claims
import db.connection
import db.documents
import db.vectors
from checks import claims as claims_mod
from checks import config, validate
from checks.clean import CleanedDocument, clean_bytes, clean_path, clean_text
from checks.embed import Embedder, content_hash
from checks.segment import split_sentences
from checks.spans import Claim, Extraction
from checks.workflows.matching import fill_in_matches, match_extraction

# progress(stage, done, total): stage is "extract", "embed" or "write".
Progress = Callable[[str, int, int], None]


# Extraction --------------------------------------------------------------------------------


def extract_document(
    cleaned: CleanedDocument, embedder: Embedder | None = None
) -> tuple[Extraction, dict[str, np.ndarray]]:
    """Return the sentences and claims of a cleaned document, and the claim vectors computed
    for scoring (keyed by content hash; empty when the scorer needs none)."""
    text = cleaned.text
    sentences = split_sentences(text)
    candidates = claims_mod.claim_candidates(text, sentences)
    vectors: dict[str, np.ndarray] = {}
    matrix = None
    if claims_mod.needs_vectors() and candidates:
        if embedder is None:
            raise ValueError("the check-worthiness scorer needs an embedder")
        texts = [sentences[i].text for i in candidates]
        matrix = embedder.embed(texts)
        vectors = {content_hash(t): v for t, v in zip(texts, matrix, strict=True)}
    claims = claims_mod.build_claims(
        text, sentences, matrix, author=cleaned.author, candidates=candidates
    )
    extraction = Extraction(
        text=text,
        sentences=tuple(sentences),
        claims=tuple(claims),
        title=cleaned.title,
        published_at=cleaned.published_at,
        author=cleaned.author,
    )
    return extraction, vectors


def extract_lines(
    lines: Sequence[str], embedder: Embedder | None = None
) -> list[claims_mod.LineScore]:
    """Score each line as one unit (no segmentation), for `extract --lines`."""
    matrix = None
    if claims_mod.needs_vectors():
        if embedder is None:
            raise ValueError("the check-worthiness scorer needs an embedder")
        matrix = embedder.embed(list(lines))
    return claims_mod.score_lines(lines, matrix)


@dataclass
class IngestResult:
    """What ingesting one document did."""

    document_id: int
    title: str | None
    added: bool
    sentences: int = 0
    claims: int = 0
    checkworthy: int = 0
    quantities: int = 0
    matches: int = 0
    filled: list[str] = field(default_factory=list)


def ingest_file(
    database: Database,
    path: str | Path,
    embedder: Embedder,
    *,
    title: str | None = None,
    url: str | None = None,
    date: str | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Clean, extract, embed and store one file; raises the errors of `clean_path`."""
    cleaned = clean_path(path)
    return ingest_cleaned(
        database,
        cleaned,
        embedder,
        name=Path(path).name,
        title=title,
        url=url,
        date=date,
        progress=progress,
    )


def ingest_bytes(
    database: Database,
    data: bytes,
    name: str,
    embedder: Embedder,
    **meta: object,
) -> IngestResult:
    """Like `ingest_file`, for an upload or pasted text held in memory."""
    return ingest_cleaned(database, clean_bytes(data, name), embedder, name=name, **meta)


def ingest_text(database: Database, text: str, embedder: Embedder, **meta: object) -> IngestResult:
    """Like `ingest_bytes`, for text pasted in: always plain text, whatever its title says
    ("Q3 report.pdf" is a title, not a PDF). Raises the errors of `clean_text`."""
    name = str(meta.pop("name", None) or "pasted text")
    return ingest_cleaned(database, clean_text(text, "text", name), embedder, name=name, **meta)


def ingest_cleaned(
    database: Database,
    cleaned: CleanedDocument,
    embedder: Embedder,
    *,
    name: str | None = None,
    title: str | None = None,
    url: str | None = None,
    date: str | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Store a cleaned document whole or not at all; a known document only gets what it lacks.
    Raises InvalidValue for a bad date or a URL that is not http(s)."""
    date = validate.iso_date(date, "date")
    url = validate.web_url(url, "url") if url else None
    sha = content_hash(cleaned.text)
    known = db.documents.document_by_hash(database, sha)
    if known is not None:
        return _fill_in(database, known, embedder, progress)
    extraction, vectors = extract_document(cleaned, embedder)
    if progress:
        progress("extract", 1, 1)
    config.fault("extract")
    vectors.update(_embed_missing(database, extraction, vectors, embedder, progress))
    config.fault("embed")
    document = {
        "title": title or cleaned.title or name,
        "source_url": url,
        "author": cleaned.author,
        "published_at": date or cleaned.published_at,
        "ingested_at": db.connection.now(),
        "sha256": sha,
        "text": cleaned.text,
        "original_name": name,
    }
    matches = match_extraction(database, extraction, vectors, embedder.model_id)
    with db.connection.write_transaction(database):
        # Checked again under the write lock (on PostgreSQL, a lock on this hash): a parallel
        # ingest of the same text may have won the race since the first check; the loser
        # adds nothing and says so.
        known = db.documents.document_by_hash_to_write(database, sha)
        if known is None:
            document_id, _ = db.documents.add_document(
                database,
                document,
                [{"start": s.start, "end": s.end} for s in extraction.sentences],
                [_claim_row(c) for c in extraction.claims],
                matches,
            )
            db.vectors.put_embeddings(database, embedder.model_id, vectors)
            config.fault("write")
    if known is not None:
        return _fill_in(database, known, embedder, progress)
    if progress:
        progress("write", 1, 1)
    result = _result(document_id, document["title"], extraction)
    result.matches = len(matches)
    return result


def _claim_row(claim: Claim) -> dict:
    row = claim.to_dict()
    row.pop("quantities")
    row["content_hash"] = content_hash(claim.text)
    row["quantities"] = [q.to_dict() for q in claim.quantities]
    return row


def _embed_missing(
    database: Database,
    extraction: Extraction,
    have: dict[str, np.ndarray],
    embedder: Embedder,
    progress: Progress | None,
) -> dict[str, np.ndarray]:
    """Embed the claim texts that neither `have` nor the database holds for this model."""
    by_hash = {content_hash(c.text): c.text for c in extraction.claims}
    todo = db.vectors.missing_embeddings(database, embedder.model_id, set(by_hash) - set(have))
    if not todo:
        return {}
    hashes = sorted(todo)
    report = (lambda done, total: progress("embed", done, total)) if progress else None
    matrix = embedder.embed([by_hash[h] for h in hashes], progress=report)
    return dict(zip(hashes, matrix, strict=True))


def _fill_in(
    database: Database, document: dict, embedder: Embedder, progress: Progress | None
) -> IngestResult:
    """Add the embeddings a known document lacks for the current model; nothing else."""
    rows = db.claims.document_claim_texts(database, document["id"])
    by_hash = {r["content_hash"]: r["text"] for r in rows}
    todo = sorted(db.vectors.missing_embeddings(database, embedder.model_id, by_hash))
    result = IngestResult(document_id=document["id"], title=document["title"], added=False)
    if todo:
        report = (lambda done, total: progress("embed", done, total)) if progress else None
        matrix = embedder.embed([by_hash[h] for h in todo], progress=report)
        fresh = dict(zip(todo, matrix, strict=True))
        with db.connection.write_transaction(database):
            db.vectors.put_embeddings(database, embedder.model_id, fresh)
        result.filled.append(f"{len(todo)} embeddings for {embedder.model_id}")
    result.matches = fill_in_matches(database, document["id"], embedder.model_id)
    if result.matches:
        result.filled.append(f"{result.matches} matches")
    return result


def _result(document_id: int, title: str | None, extraction: Extraction) -> IngestResult:
    return IngestResult(
        document_id=document_id,
        title=title,
        added=True,
        sentences=len(extraction.sentences),
        claims=len(extraction.claims),
        checkworthy=sum(c.checkworthy for c in extraction.claims),
        quantities=sum(len(c.quantities) for c in extraction.claims),
    )
