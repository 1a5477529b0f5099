"""PostgreSQL at scale: HNSW search p50/p95 and recall@10 against exact search per ef_search, index
build time and size at 1M claims, beside the SQLite in-process index in the same run, on two
synthetic archives: `grown` (bench/scale_vectors.py, claims between related real ones) and
`clustered` (bench/search_scale.py, 2,000 real vectors x 500 noisy copies: the worst case).

`python -m bench.postgres_scale [CLAIMS [GENERATOR ...]]` (default 1,000,000, both). Starts its
own PostgreSQL (pgserver) in a temp folder, or uses the server of $CLAIMDESK_TEST_PG.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time

import numpy as np

from bench.common import Timer, table
from bench.search_scale import BASE, NOISE, QUERIES, exact_top10, lookup_rows, synthetic

SIZE = 1_000_000
GENERATORS = ("grown", "clustered")
EF_SEARCH = (40, 100, 200, 400, 1000)
CALIBRATION = 25_000
MODEL = "bench"


def load(database, matrix: np.ndarray, texts: list[str]) -> None:
    """COPY `len(matrix)` archive claims and their vectors into the tables (no HNSW index yet)."""
    import hashlib

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


def index_definition(database) -> str:
    """Return the CREATE INDEX statement of the HNSW index as the migrations left it."""
    return database.execute(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'embeddings_hnsw'"
    ).fetchone()[0]


def index_label(definition: str) -> str:
    """Return 'm M, ef_construction E' of an index definition (pgvector's defaults 16, 64)."""
    found = dict(re.findall(r"(m|ef_construction)='?(\d+)", definition))
    return f"m {found.get('m', 16)}, ef_construction {found.get('ef_construction', 64)}"


def build_index(database, definition: str) -> tuple[float, int]:
    """Build the HNSW index as the migrations define it; return (seconds, bytes)."""
    database.execute("SET maintenance_work_mem = '3GB'")
    database.execute("SET max_parallel_maintenance_workers = 2")
    with Timer() as build:
        database.execute(definition)
    size = database.execute("SELECT pg_relation_size('embeddings_hnsw')").fetchone()[0]
    return build.seconds, int(size)


def hnsw_rows(database, size: int, queries: np.ndarray, truth: np.ndarray, build, label: str):
    """Return one table row per ef_search: p50, p95 ms of `postgres.nearest`, recall@10."""
    from db import postgres

    default, rows = postgres.EF_SEARCH, []
    for ef in EF_SEARCH:
        postgres.EF_SEARCH = ef
        postgres.nearest(database, MODEL, queries[:5], 10)  # warm
        times, hits = [], 0
        for query, expected in zip(queries, truth, strict=True):
            start = time.perf_counter()
            found = postgres.nearest(database, MODEL, query, 10)[0]
            times.append((time.perf_counter() - start) * 1000)
            hits += len({int(h) for h, _ in found} & set(expected.tolist()))
        mark = " (default)" if ef == default else ""
        kind = f"PostgreSQL HNSW ({label}), ef_search {ef}{mark}"
        p50, p95 = np.percentile(times, 50), np.percentile(times, 95)
        recall = hits / (10 * len(queries))
        mib, seconds = f"{build[1] / 2**20:.0f}", f"{build[0]:.1f}"
        rows.append([f"{size:,}", kind, f"{p50:.2f}", f"{p95:.2f}", recall, mib, seconds])
    postgres.EF_SEARCH = default
    return rows


def measure(server_url: str, name: str, matrix, queries, texts) -> tuple[list[list], str]:
    """Return the rows of one archive (SQLite index, PostgreSQL HNSW per ef_search) and a note
    on loading it."""
    from db import postgres
    from tests import postgres_support

    size = len(matrix)
    truth = exact_top10(matrix, queries)
    print(f"postgres_scale: {name} {size:,}: SQLite index", file=sys.stderr, flush=True)
    rows = lookup_rows(size, matrix, queries)
    url = postgres_support.create_database(server_url)
    database = postgres.open_database(url)
    definition = index_definition(database)
    database.execute("DROP INDEX embeddings_hnsw")
    print(f"postgres_scale: {name}: COPY, HNSW", file=sys.stderr, flush=True)
    with Timer() as loading:
        load(database, matrix, texts)
    build = build_index(database, definition)
    rows += hnsw_rows(database, size, queries, truth, build, index_label(definition))
    total = database.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    database.close()
    postgres_support.drop_database(server_url, url)
    note = (
        f"{name}: loading by COPY took {loading.seconds:.0f} s; the database holds "
        f"{total / 2**30:.1f} GiB with claims, the GIN keyword index and the HNSW index."
    )
    return [[name, *row] for row in rows], note


def main(size: int = SIZE, generators: tuple[str, ...] = GENERATORS) -> str:
    """Return the Markdown section of this benchmark."""
    from bench import scale_vectors
    from bench.search_scale import transcript_sentences
    from checks.embed import load_embedder
    from db import postgres
    from tests import postgres_support

    sentences = transcript_sentences()
    embedder = load_embedder("")
    base = embedder.embed(sentences[:BASE])
    queries = embedder.embed(sentences[BASE : BASE + QUERIES])
    pool = scale_vectors.pool_vectors(embedder, sentences[BASE + QUERIES :])
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as folder:
        server_url, server = postgres_support.start_server(postgres_support.Path(folder))
        postgres_support.make_template(server_url)
        url = postgres_support.create_database(server_url)
        database = postgres.open_database(url)
        definition = index_definition(database)
        label = index_label(definition)
        options = re.search(r"WITH \(.*\)", definition)
        calibration = scale_vectors.calibration(
            database, pool, queries, min(size, CALIBRATION), options.group(0) if options else ""
        )
        database.close()
        postgres_support.drop_database(server_url, url)
        for name in generators:
            if name == "grown":
                matrix = scale_vectors.grown(pool, size)
            else:
                matrix = synthetic(base, size)
            found, note = measure(server_url, name, matrix, queries, sentences[:BASE])
            rows += found
            notes.append(note)
            del matrix
        del server
    return "\n".join([
        "## PostgreSQL at scale",
        "",
        f"{size:,} synthetic claims in PostgreSQL 18 with pgvector 0.8, two archives: "
        f"**grown**: the {len(pool):,} real all-MiniLM-L6-v2 embeddings of transcript "
        "sentences, then points on the segment between a real sentence and one of its "
        f"{scale_vectors.NEIGHBOURS} nearest real ones (bench/scale_vectors.py): claims between "
        f"related real claims, none repeated. **clustered**: {BASE:,} real embeddings, each "
        f"repeated {size // BASE:,} times with noise σ = {NOISE} per dimension (the vectors of "
        "the search-at-scale benchmark): the worst case, an archive of near-copies. "
        f"{QUERIES} held-out transcript sentences are the queries, k = 10, warm, one "
        "connection. PostgreSQL rows time `postgres.nearest` (the query the app runs: HNSW over "
        "the embeddings table, cosine); SQLite rows time the in-process index over the same "
        "vectors in the same run. Recall@10 is against exact search. " + " ".join(notes),
        "",
        table(["archive", "claims", "index", "p50 ms", "p95 ms", "recall@10", "MiB",
               "build s"], rows),
        "",
        f"Which archive is like a real one: HNSW ({label}) recall@10 at {min(size, CALIBRATION):,} "
        "claims, where real vectors exist, per ef_search:",
        "",
        table(["archive", "ef 40", "ef 100", "ef 200", "ef 400"], calibration),
    ])  # fmt: skip


if __name__ == "__main__":
    arguments = sys.argv[1:]
    print(main(int(arguments[0]) if arguments else SIZE, tuple(arguments[1:]) or GENERATORS))
