"""PostgreSQL at scale: HNSW search p50/p95 and recall@10 against exact search per ef_search, index
build time and size at 1M claims, beside the SQLite in-process index in the same run.

`python -m bench.postgres_scale [CLAIMS]` (default 1,000,000). Starts its own PostgreSQL (pgserver)
in a temp folder, or uses the server of $CLAIMDESK_TEST_PG.
"""

from __future__ import annotations

import sys
import tempfile
import time

import numpy as np

from bench.common import Timer, table
from bench.search_scale import BASE, NOISE, QUERIES, exact_top10, lookup_rows, synthetic

SIZE = 1_000_000
EF_SEARCH = (40, 100, 400, 1000)
MODEL = "bench"


def load(database, matrix: np.ndarray, texts: list[str]) -> None:
    """COPY `len(matrix)` archive claims and their vectors into the tables (no HNSW index yet)."""
    import hashlib

    database.execute("DROP INDEX IF EXISTS embeddings_hnsw")
    with database.conn.cursor() as cursor:
        with cursor.copy(
            "COPY embeddings (model, content_hash, vector) FROM STDIN WITH (FORMAT BINARY)"
        ) as copy:
            copy.set_types(["text", "text", "vector"])
            for row, vector in enumerate(matrix):
                copy.write_row([MODEL, _digest(row), vector])
        with cursor.copy(
            'COPY claims (start, "end", text, kind, score, content_hash, created_at, archive, '
            "external_id) FROM STDIN"
        ) as copy:
            for row in range(len(matrix)):
                text = f"{texts[row % len(texts)]} ({row})"
                digest = hashlib.sha256(text.encode()).hexdigest()
                copy.write_row([0, 0, text, "other", 1.0, digest, "2026-01-01", "scale", str(row)])
    database.execute("VACUUM ANALYZE embeddings")


def _digest(row: int) -> str:
    return f"{row + 1:032d}"  # content hash = 1-based row, so results map back to rows


def build_index(database) -> tuple[float, int]:
    """Build the HNSW index as the migration defines it; return (seconds, bytes)."""
    database.execute("SET maintenance_work_mem = '3GB'")
    database.execute("SET max_parallel_maintenance_workers = 2")
    with Timer() as build:
        database.execute(
            "CREATE INDEX embeddings_hnsw ON embeddings USING hnsw (vector vector_cosine_ops)"
        )
    size = database.execute("SELECT pg_relation_size('embeddings_hnsw')").fetchone()[0]
    return build.seconds, int(size)


def hnsw_rows(database, size: int, queries: np.ndarray, truth: np.ndarray, build) -> list[list]:
    """Return one table row per ef_search: p50, p95 ms of `postgres.nearest`, recall@10."""
    from db import postgres

    rows = []
    for ef in EF_SEARCH:
        postgres.EF_SEARCH = ef
        postgres.nearest(database, MODEL, queries[:5], 10)  # warm
        times, hits = [], 0
        for query, expected in zip(queries, truth, strict=True):
            start = time.perf_counter()
            found = postgres.nearest(database, MODEL, query, 10)[0]
            times.append((time.perf_counter() - start) * 1000)
            hits += len({int(h) for h, _ in found} & set(expected.tolist()))
        kind = f"PostgreSQL HNSW (m 16, ef_construction 64), ef_search {ef}"
        p50, p95 = np.percentile(times, 50), np.percentile(times, 95)
        recall = hits / (10 * len(queries))
        mib, seconds = f"{build[1] / 2**20:.0f}", f"{build[0]:.1f}"
        rows.append([f"{size:,}", kind, f"{p50:.2f}", f"{p95:.2f}", recall, mib, seconds])
    return rows


def main(size: int = SIZE) -> str:
    """Return the Markdown section of this benchmark."""
    from bench.search_scale import transcript_sentences
    from checks.embed import load_embedder
    from db import postgres
    from tests import postgres_support

    sentences = transcript_sentences()
    embedder = load_embedder("")
    base = embedder.embed(sentences[:BASE])
    queries = embedder.embed(sentences[BASE : BASE + QUERIES])
    matrix = synthetic(base, size)
    truth = exact_top10(matrix, queries)
    sqlite_rows = lookup_rows(size, matrix, queries)
    with tempfile.TemporaryDirectory() as folder:
        server_url, server = postgres_support.start_server(postgres_support.Path(folder))
        postgres_support.make_template(server_url)
        url = postgres_support.create_database(server_url)
        database = postgres.open_database(url)
        with Timer() as loading:
            load(database, matrix, sentences[:BASE])
        build = build_index(database)
        pg_rows = hnsw_rows(database, size, queries, truth, build)
        total = database.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        database.close()
        postgres_support.drop_database(server_url, url)
        del server
    return "\n".join([
        "## PostgreSQL at scale",
        "",
        f"{size:,} synthetic claims (the vectors of the search-at-scale benchmark: {BASE:,} real "
        f"embeddings with noise σ = {NOISE}) in PostgreSQL 18 with pgvector; {QUERIES} held-out "
        "queries, k = 10, warm, one connection. PostgreSQL rows time `postgres.nearest` (the "
        "query the app runs: HNSW over the embeddings table, cosine); SQLite rows time the "
        "in-process index over the same vectors in the same run. Recall@10 is against exact "
        f"search. Loading by COPY took {loading.seconds:.0f} s; the database holds "
        f"{total / 2**30:.1f} GiB with claims, the GIN keyword index and the HNSW index.",
        "",
        table(["claims", "index", "p50 ms", "p95 ms", "recall@10", "MiB", "build s"],
              sqlite_rows + pg_rows),
    ])  # fmt: skip


if __name__ == "__main__":
    print(main(*(int(a) for a in sys.argv[1:2])))
