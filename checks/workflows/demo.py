"""The demo: seeding its documents and example verdicts into an empty database, marked as
demo, and removing them all again (and nothing else)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

import db.claims
import db.demo
import db.documents
import db.verdicts
from checks.demo import DEMO_DIR, DEMO_VERDICTS, DemoVerdict
from checks.embed import Embedder
from checks.workflows.desk import Account, require_editor
from checks.workflows.ingest import Progress, ingest_file
from checks.workflows.matching import forget_index
from checks.workflows.verdicts import record_verdict


def seed_demo(database: Database, embedder: Embedder, progress: Progress | None = None) -> str:
    """Ingest the demo documents and example verdicts into an empty database.

    Returns what was added, or "" when the database already has documents or had the demo
    removed once.
    """
    if db.documents.count_documents(database) or db.demo.was_removed(database):
        return ""
    files = sorted(DEMO_DIR.glob("*.md"))
    verdicts = 0
    # The first document is checked before the others arrive, so they match its verdicts.
    for path in files:
        result = ingest_file(database, path, embedder, progress=progress)
        db.demo.mark_document(database, result.document_id)
        verdicts += _demo_verdicts(database, DEMO_VERDICTS)
    return f"{len(files)} documents and {verdicts} example verdicts"


def remove_demo(database: Database, actor: Account | None = None) -> dict[str, int]:
    """Remove the demo documents, claims and verdicts, and nothing else (DESIGN §6); return
    how many of each were removed. Raises NotAllowed when accounts exist and `actor` is not an
    editor (the command line passes no actor: it is trusted like the database's owner)."""
    require_editor(database, actor, "remove the demo")
    removed = db.demo.remove(database)
    forget_index(database)
    return removed


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
