"""Seeding the demo: the demo documents and their example verdicts, into an empty database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

import db.claims
import db.documents
import db.verdicts
from checks.demo import DEMO_DIR, DEMO_VERDICTS, DemoVerdict
from checks.embed import Embedder
from checks.workflows.ingest import Progress, ingest_file
from checks.workflows.verdicts import record_verdict


def seed_demo(database: Database, embedder: Embedder, progress: Progress | None = None) -> str:
    """Ingest the demo documents and example verdicts into an empty database.

    Returns what was added, or "" when the database already has documents.
    """
    if db.documents.count_documents(database):
        return ""
    files = sorted(DEMO_DIR.glob("*.md"))
    verdicts = 0
    # The first document is checked before the others arrive, so they match its verdicts.
    for path in files:
        ingest_file(database, path, embedder, progress=progress)
        verdicts += _demo_verdicts(database, DEMO_VERDICTS)
    return f"{len(files)} documents and {verdicts} example verdicts"


def _demo_verdicts(database: Database, demos: Sequence[DemoVerdict]) -> int:
    """Record the demo verdicts whose claim exists and has none yet; return how many."""
    added = 0
    for demo in demos:
        claim_id = db.claims.first_claim_containing(database, demo.fragment)
        if claim_id is None or db.verdicts.current_verdict(database, claim_id) is not None:
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
