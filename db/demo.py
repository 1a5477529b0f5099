"""The demo's rows across the tables: marking them, counting them, removing them whole
(DESIGN §6). Nothing here touches a row that is not marked as demo."""

from __future__ import annotations

from sqlite_utils import Database

from db.connection import in_chunks, now, write_transaction

DEMO_CLAIMS = "SELECT id FROM claims WHERE demo = 1"
DEMO_DOCUMENTS = "SELECT id FROM documents WHERE demo = 1"
REMOVED_KEY = "demo_removed_at"


def mark_document(database: Database, document_id: int) -> None:
    """Mark a document and its claims as demo (inside the caller's transaction or alone)."""
    database.execute("UPDATE documents SET demo = 1 WHERE id = ?", [document_id])
    database.execute("UPDATE claims SET demo = 1 WHERE document_id = ?", [document_id])


def counts(database: Database) -> dict[str, int]:
    """Return how many demo documents and claims, and verdicts on demo claims, are present
    (every page asks: without demo documents, one indexed lookup answers)."""
    if next(database.query("SELECT 1 FROM documents WHERE demo = 1 LIMIT 1"), None) is None:
        return {"documents": 0, "claims": 0, "verdicts": 0}
    return next(
        database.query(
            f"""
            SELECT (SELECT count(*) FROM documents WHERE demo = 1) AS documents,
                   (SELECT count(*) FROM claims WHERE demo = 1) AS claims,
                   (SELECT count(*) FROM verdicts WHERE claim_id IN ({DEMO_CLAIMS})) AS verdicts
            """
        )
    )


def was_removed(database: Database) -> bool:
    """Return whether the demo was removed from this database once (it is not seeded again)."""
    rows = database.query("SELECT 1 FROM settings WHERE key = ?", [REMOVED_KEY])
    return next(rows, None) is not None


def remove(database: Database) -> dict[str, int]:
    """Delete the demo documents with their sentences, claims, quantities, matches (both
    ways), verdicts, and the embeddings no other claim shares, in one transaction; remember
    the removal. Returns the documents, claims and verdicts removed."""
    with write_transaction(database):
        removed = counts(database)
        hashes = [r["content_hash"] for r in database.query(
            "SELECT DISTINCT content_hash FROM claims WHERE demo = 1")]  # fmt: skip
        database.execute(
            f"DELETE FROM matches WHERE claim_id IN ({DEMO_CLAIMS}) "
            f"OR matched_claim_id IN ({DEMO_CLAIMS})"
        )
        database.execute(f"DELETE FROM assignments WHERE claim_id IN ({DEMO_CLAIMS})")
        database.execute(f"DELETE FROM quantities WHERE claim_id IN ({DEMO_CLAIMS})")
        database.execute(f"DELETE FROM verdicts WHERE claim_id IN ({DEMO_CLAIMS})")
        database.execute("DELETE FROM claims WHERE demo = 1")
        database.execute(f"DELETE FROM sentences WHERE document_id IN ({DEMO_DOCUMENTS})")
        database.execute("DELETE FROM documents WHERE demo = 1")
        for marks, chunk in in_chunks(hashes):
            database.execute(
                f"DELETE FROM embeddings WHERE content_hash IN ({marks}) "
                "AND content_hash NOT IN (SELECT content_hash FROM claims)",
                chunk,
            )
        database.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [REMOVED_KEY, now()],
        )
    return removed
