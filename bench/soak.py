"""Soak test of concurrent reviewers: many processes recording verdicts on shared claims in one
WAL database; reports verdicts/s and counts lost, duplicated and locked-out verdicts.

`python -m bench.soak [WORKERS] [VERDICTS_EACH]` (default 8 x 5,000).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench.common import table

WORKERS = 8
VERDICTS_EACH = 5_000
CLAIMS = 40
LABELS = ("true", "false", "misleading", "mixed")


def _seed(db_path: Path) -> list[int]:
    """Create the database with one document of CLAIMS one-sentence claims; return their ids."""
    import db.claims
    import db.connection
    import db.documents
    from checks.embed import content_hash

    texts = [f"Claim number {n} says the budget rose {n} percent." for n in range(CLAIMS)]
    sentences, claims, pos = [], [], 0
    for i, text in enumerate(texts):
        sentences.append({"start": pos, "end": pos + len(text)})
        claims.append({
            "sentence": i, "start": pos, "end": pos + len(text), "text": text,
            "kind": "statistic", "score": 0.9, "checkworthy": True, "reasons": [],
            "claimant": None, "content_hash": content_hash(text), "quantities": [],
        })  # fmt: skip
        pos += len(text) + 1
    full = " ".join(texts)
    document = {
        "title": "Soak",
        "ingested_at": db.connection.now(),
        "sha256": hashlib.sha256(full.encode()).hexdigest(),
        "text": full,
    }
    database = db.connection.open_database(db_path)
    with db.connection.write_transaction(database):
        _, ids = db.documents.add_document(database, document, sentences, claims)
    database.close()
    return ids


def _reviewer(
    db_path: str, worker: int, claim_ids: list[int], each: int, optimistic: bool, queue, go
) -> None:
    """Record `each` verdicts as the review page does (open, then save with the opened
    version) or as the CLI does (plain append); report what happened to each."""
    import db.claims
    import db.connection
    import db.documents
    from checks.errors import StaleClaim
    from checks.workflows.verdicts import record_verdict

    database = db.connection.open_database(db_path)
    queue.put("ready")
    go.wait()  # all start together, after their imports: the clock times verdicts only
    accepted, refused, failures = [], 0, []
    for i in range(each):
        claim_id = claim_ids[(worker * 7 + i) % len(claim_ids)]
        opened = db.claims.get_claim(database, claim_id)["version"] if optimistic else None
        try:
            verdict = record_verdict(
                database, claim_id, LABELS[i % len(LABELS)], reviewer=f"reviewer-{worker}",
                rationale=f"{worker}:{i}", expected_version=opened,
            )  # fmt: skip
            accepted.append((verdict["id"], claim_id, verdict["version"], f"{worker}:{i}"))
        except StaleClaim:
            refused += 1
        except sqlite3.Error as err:  # "database is locked" would land here
            failures.append(repr(err))
    queue.put((accepted, refused, failures))


def _audit(db_path: Path, claim_ids: list[int], accepted: list[tuple]) -> dict[str, int]:
    """Return counts of lost, duplicated and out-of-order verdicts against the database."""
    import db.claims
    import db.connection
    import db.documents

    database = db.connection.open_database(db_path)
    rows = {r["id"]: r for r in database.query("SELECT id, claim_id, rationale FROM verdicts")}
    wanted = {vid: (cid, rationale) for vid, cid, _, rationale in accepted}
    lost = sum(1 for vid, pair in wanted.items() if vid not in rows or
               (rows[vid]["claim_id"], rows[vid]["rationale"]) != pair)  # fmt: skip
    rationales = [r["rationale"] for r in rows.values()]
    duplicated = len(rationales) - len(set(rationales)) + len(set(rows) - set(wanted))
    disorder = 0
    for claim_id in claim_ids:
        versions = [v for (_, cid, v, _) in sorted(accepted) if cid == claim_id]
        if versions != list(range(1, len(versions) + 1)):
            disorder += 1
        if db.claims.get_claim(database, claim_id)["version"] != len(versions):
            disorder += 1
    database.close()
    return {"lost": lost, "duplicated": duplicated, "disorder": disorder}


def soak(workers: int, each: int, optimistic: bool) -> list[object]:
    """Run one soak round in a fresh database; return its table row."""
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "soak.db"
        claim_ids = _seed(db_path)
        context = multiprocessing.get_context("spawn")
        queue, go = context.Queue(), context.Event()
        processes = [
            context.Process(
                target=_reviewer, args=(str(db_path), w, claim_ids, each, optimistic, queue, go)
            )
            for w in range(workers)
        ]
        for process in processes:
            process.start()
        assert all(queue.get(timeout=300) == "ready" for _ in processes)
        started = time.perf_counter()
        go.set()
        results = [queue.get(timeout=3600) for _ in processes]
        seconds = time.perf_counter() - started
        for process in processes:
            process.join(timeout=60)
        accepted = [a for result in results for a in result[0]]
        refused = sum(result[1] for result in results)
        failures = [f for result in results for f in result[2]]
        audit = _audit(db_path, claim_ids, accepted)
    mode = "open, then save with version" if optimistic else "append (CLI default)"
    return [
        mode, f"{workers} x {each:,}", len(accepted), refused, len(failures),
        audit["lost"], audit["duplicated"], audit["disorder"], f"{len(accepted) / seconds:.0f}",
    ]  # fmt: skip


def main(workers: int = WORKERS, each: int = VERDICTS_EACH) -> str:
    """Run both soak rounds and return the Markdown section."""
    rows = [soak(workers, each, optimistic=True), soak(workers, max(1, each // 5), False)]
    header = [
        "mode", "processes x verdicts", "accepted", "refused stale", "failed (locked)",
        "lost", "duplicated", "history out of order", "accepted verdicts/s",
    ]  # fmt: skip
    return "\n".join([
        "## Soak: concurrent reviewers",
        "",
        f"{CLAIMS} shared claims in one file database (WAL, busy_timeout); every process opens "
        "its own connection and records verdicts through `record_verdict`, as the "
        "review page and the CLI do. Lost, duplicated and out-of-order must all be 0.",
        "",
        table(header, rows),
    ])  # fmt: skip


if __name__ == "__main__":
    print(main(*(int(a) for a in sys.argv[1:3])))
