"""The workflows that join computing and storing, one function each, shared by CLI and UI."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlite_utils import Database

from checks import archive_pipeline, config, report_pipeline, validate
from checks import claims as claims_mod
from checks.clean import CleanedDocument, clean_bytes, clean_path
from checks.embed import Embedder, content_hash
from checks.errors import InvalidValue, UnknownLabel
from checks.labels import LABELS
from checks.segment import split_sentences
from checks.spans import Extraction
from db import store

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
    claims = claims_mod.build_claims(text, sentences, matrix, author=cleaned.author)
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


# Ingest ------------------------------------------------------------------------------------


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


def sha256_text(text: str) -> str:
    """Return the content hash under which a document is stored."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    """Store a cleaned document whole or not at all; a known document only gets what it lacks."""
    date = validate.iso_date("--date", date)
    sha = sha256_text(cleaned.text)
    known = store.document_by_hash(database, sha)
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
        "ingested_at": store.now(),
        "sha256": sha,
        "text": cleaned.text,
        "original_name": name,
    }
    matches = archive_pipeline.match_extraction(database, extraction, vectors, embedder.model_id)
    with store.write_transaction(database):
        document_id, _ = store.add_document(
            database,
            document,
            [{"start": s.start, "end": s.end} for s in extraction.sentences],
            [_claim_row(c) for c in extraction.claims],
            matches,
        )
        store.put_embeddings(database, embedder.model_id, vectors)
        config.fault("write")
    if progress:
        progress("write", 1, 1)
    result = _result(document_id, document["title"], extraction)
    result.matches = len(matches)
    return result


def _claim_row(claim) -> dict:
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
    todo = store.missing_embeddings(database, embedder.model_id, set(by_hash) - set(have))
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
    rows = store.document_claim_texts(database, document["id"])
    by_hash = {r["content_hash"]: r["text"] for r in rows}
    todo = sorted(store.missing_embeddings(database, embedder.model_id, by_hash))
    result = IngestResult(document_id=document["id"], title=document["title"], added=False)
    if todo:
        report = (lambda done, total: progress("embed", done, total)) if progress else None
        matrix = embedder.embed([by_hash[h] for h in todo], progress=report)
        with store.write_transaction(database):
            store.put_embeddings(database, embedder.model_id, dict(zip(todo, matrix, strict=True)))
        result.filled.append(f"{len(todo)} embeddings for {embedder.model_id}")
    result.matches = archive_pipeline.fill_in_matches(database, document["id"], embedder.model_id)
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


# Verdicts ----------------------------------------------------------------------------------


def record_verdict(
    database: Database,
    claim_id: int,
    label: str,
    *,
    reviewer: str,
    rationale: str = "",
    sources: Sequence[str] = (),
    confidence: float | None = None,
    seconds_spent: float | None = None,
    expected_version: int | None = None,
) -> dict:
    """Validate and append a verdict; raises UnknownLabel, InvalidValue, UnknownClaim,
    StaleClaim."""
    if label not in LABELS:
        raise UnknownLabel(f"{label}: not a verdict label (one of {', '.join(LABELS)})")
    if not reviewer or not reviewer.strip():
        raise InvalidValue("reviewer: a reviewer name is required")
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        raise InvalidValue(f"confidence {confidence}: must be between 0 and 1")
    for url in sources:
        validate.web_url(url)
    return store.record_verdict(
        database,
        claim_id,
        reviewer=reviewer.strip(),
        label=label,
        rationale=rationale,
        sources=list(sources),
        confidence=confidence,
        seconds_spent=seconds_spent,
        expected_version=expected_version,
    )


# Demo --------------------------------------------------------------------------------------


def seed_demo(database: Database, embedder: Embedder, progress: Progress | None = None) -> str:
    """Ingest the demo documents and example verdicts into an empty database.

    Returns what was added, or "" when the database already has documents or had the demo
    removed once.
    """
    from checks.demo import DEMO_DIR, DEMO_VERDICTS
    from db import demo

    if store.count_documents(database) or demo.was_removed(database):
        return ""
    files = sorted(DEMO_DIR.glob("*.md"))
    verdicts = 0
    # The first document is checked before the others arrive, so they match its verdicts.
    for path in files:
        result = ingest_file(database, path, embedder, progress=progress)
        demo.mark_document(database, result.document_id)
        verdicts += _demo_verdicts(database, DEMO_VERDICTS)
    return f"{len(files)} documents and {verdicts} example verdicts"


def remove_demo(database: Database) -> dict[str, int]:
    """Remove the demo documents, claims and verdicts, and nothing else (DESIGN §6); return
    how many of each were removed."""
    from db import demo

    removed = demo.remove(database)
    archive_pipeline.forget_index(database)
    return removed


def _demo_verdicts(database: Database, demos: Sequence) -> int:
    """Record the demo verdicts whose claim exists and has none yet; return how many."""
    added = 0
    for demo in demos:
        claim_id = store.first_claim_containing(database, demo.fragment)
        if claim_id is None or store.current_verdict(database, claim_id) is not None:
            continue
        record_verdict(
            database,
            claim_id,
            demo.label,
            reviewer=demo.reviewer,
            rationale=demo.rationale,
            sources=demo.sources,
            seconds_spent=demo.seconds_spent,
        )
        added += 1
    return added


# Bulk verdicts -----------------------------------------------------------------------------


def apply_verdict_to_matches(
    database: Database, claim_id: int, matched_ids: Sequence[int], *, reviewer: str
) -> list[int]:
    """Give the "same claim" matches among `matched_ids` that have no verdict yet the current
    verdict of `claim_id`, recorded under `reviewer`; return the claim ids that received it.

    Raises InvalidValue when the claim has no verdict or no reviewer is given, UnknownClaim.
    """
    if not reviewer or not reviewer.strip():
        raise InvalidValue("reviewer: a reviewer name is required")
    store.get_claim(database, claim_id)
    current = store.current_verdict(database, claim_id)
    if current is None:
        raise InvalidValue(f"claim {claim_id}: it has no verdict to apply yet")
    rationale = f"Same claim as claim {claim_id}. {current['rationale']}".strip()
    verdict = {**current, "reviewer": reviewer.strip(), "rationale": rationale}
    return store.apply_verdict_to_matches(database, claim_id, matched_ids, verdict)


# Reports, archive and search (their workflows live in report_pipeline.py and
# archive_pipeline.py) --------------------------------------------------------------------

export_rows = report_pipeline.export_rows
export_count = report_pipeline.export_count
export_report = report_pipeline.export_report

ImportResult = archive_pipeline.ImportResult
import_archive = archive_pipeline.import_archive
search = archive_pipeline.search
similar_claims = archive_pipeline.similar_claims
