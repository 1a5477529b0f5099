"""Reports are written as a stream (issue 17, resource figures: 1M claims peaked at 3.4 GB):
the writers hold a bounded piece of the report, never all of it, and the streamed rows are the
listed rows."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator

import psycopg
import pytest

import db.connection
import db.exports
import db.verdicts
from checks import export
from checks.workflows.reports import export_report, export_rows, write_report
from tests.support import add_document

ROWS = 20_000
PAD = "the figure was checked against the budget line " * 8  # ~400 characters per cell


class Sink(io.RawIOBase):
    """A binary output that counts what it is given and keeps none of it."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        return len(data)


def rows(n: int) -> Iterator[dict]:
    """Yield `n` reviewed export rows, 500 per document, made one at a time."""
    for i in range(n):
        yield {"claim_id": i + 1, "claim": f"Claim {i}: {PAD}", "kind": "statistic",
               "score": 0.5, "quantities": [{"text": "€4 million", "value": 4e6, "unit": "EUR",
               "kind": "money", "qualifier": None, "per": None}], "claimant": "Finance Office",
               "document": f"Story {i // 500}", "document_id": i // 500 + 1,
               "source_url": "https://news.example/1", "published": "2026-03-01",
               "sentence": f"Sentence {i}: {PAD}", "verdict": "false", "rationale": PAD,
               "sources": ["https://stats.example/t1"], "reviewer": "Ana",
               "reviewed_at": "2026-03-10T10:00:00", "earlier_verdicts": 0, "checkworthy": True,
               "document_author": "Desk"}  # fmt: skip


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_writers_hold_a_bounded_piece_of_the_report(fmt):
    sink = Sink()
    tracemalloc.start()
    try:
        export.write(fmt, rows(ROWS), sink)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sink.size > 15_000_000  # a report far larger than what may be held
    assert peak < 6_000_000, f"{fmt}: peak {peak:,} bytes for a {sink.size:,}-byte report"


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_streamed_report_is_the_report_of_the_listed_rows(database, add_article, fmt, monkeypatch):
    monkeypatch.setattr(db.exports, "BATCH", 2)  # several batches and documents
    for n in range(3):
        ids = add_article(f"Fares rose {n} percent.", f"Rents rose {n + 4} percent.",
                          "The port cost €2 million.", title=f"Story {n}")  # fmt: skip
        for claim_id in ids[:2]:
            db.verdicts.record_verdict(database, claim_id, reviewer="ana", label="false")
    listed = export_rows(database, include_all=True)
    assert len(listed) == 9
    out = io.BytesIO()
    write_report(database, fmt, out, include_all=True)
    assert out.getvalue() == export.render(fmt, listed)
    assert export_report(database, fmt, include_all=True) == out.getvalue()
    assert [r["claim_id"] for r in export_rows(database, include_all=True, limit=4)] == [
        r["claim_id"] for r in listed[:4]
    ]


def reviewed_desk(database) -> None:
    """Three documents of three claims (one with a quantity), two reviewed in each."""
    for n in range(3):
        money = f"The port cost €{n + 2} million."
        quantity = {"start": 13, "end": 24, "text": f"€{n + 2} million", "value": (n + 2) * 1e6,
                    "unit": "EUR", "kind": "money", "qualifier": None, "per": None}  # fmt: skip
        claims = [f"Fares rose {n} percent.", f"Rents rose {n + 4} percent."]
        ids = add_document(database, *claims, (money, {"quantities": [quantity]}),
                           title=f"Story {n}")  # fmt: skip
        for claim_id in ids[:2]:
            db.verdicts.record_verdict(database, claim_id, reviewer="ana", label="false",
                                       sources=["https://stats.example/t1"])  # fmt: skip


def open_cursors(database) -> list[str]:
    return [r["name"] for r in database.query("SELECT name FROM pg_cursors ORDER BY name")]


def test_postgres_export_streams_from_a_server_side_cursor(pg_url, tmp_path, monkeypatch):
    """PostgreSQL's default client cursor receives a whole result at once (1M claims in
    memory); the export reads from a named server-side cursor, `BATCH` rows per round trip,
    and yields exactly what SQLite's streaming cursor yields."""
    monkeypatch.setattr(db.exports, "BATCH", 2)
    stores = [db.connection.open_database(t) for t in (str(tmp_path / "c.db"), pg_url)]
    for database in stores:
        reviewed_desk(database)
    sqlite_store, pg = stores
    rows = db.exports.iter_export_rows(pg, include_all=True)
    first = next(rows)
    (name,) = open_cursors(pg)  # on the server, while the rows are read
    assert name.startswith("claimdesk_stream_")
    streamed = [first, *rows]
    assert open_cursors(pg) == []  # ended with the rows, transaction closed
    assert pg.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE

    def same(rows: list[dict]) -> list[dict]:
        return [{k: v for k, v in r.items() if k != "reviewed_at"} for r in rows]

    expected = list(db.exports.iter_export_rows(sqlite_store, include_all=True))
    assert len(streamed) == 9 and same(streamed) == same(expected)
    early = db.exports.iter_export_rows(pg, include_all=True)
    next(early)
    early.close()  # a caller that stops early (export_rows' limit) ends the cursor too
    assert open_cursors(pg) == []
    assert pg.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    assert same(db.exports.export_rows(pg, include_all=True, limit=3)) == same(expected[:3])
    for database in stores:
        database.close()
