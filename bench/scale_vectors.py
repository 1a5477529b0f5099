"""Synthetic claim vectors for PostgreSQL at scale, beside the clustered ones of search_scale.

`grown`: a claim archive grown from real claims. It holds the real all-MiniLM-L6-v2 embeddings of
the transcript sentences that are neither search_scale's base vectors nor its queries, then, up to
the size asked, points on the segment between a real sentence and one of its NEIGHBOURS nearest
real sentences (a uniform position along it), renormalised: each new claim lies between two
related real ones, none is repeated, and no direction is added that real sentences do not take.
`calibration` compares both generators with real vectors at a size where real ones exist.
"""

from __future__ import annotations

import hashlib

import numpy as np

NEIGHBOURS = 10
CHUNK = 100_000


def pool_vectors(embedder, sentences: list[str]) -> np.ndarray:
    """Return the embeddings of `sentences`, cached in the Claimdesk cache folder (embedding
    25,000 sentences takes minutes on two cores)."""
    from checks.config import cache_dir

    digest = hashlib.sha256("\n".join([embedder.model_id, *sentences]).encode()).hexdigest()
    path = cache_dir() / f"bench-vectors-{digest[:16]}.npy"
    if path.exists():
        return np.load(path)
    matrix = np.asarray(embedder.embed(sentences), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, matrix)
    return matrix


def nearest_real(pool: np.ndarray) -> np.ndarray:
    """Return, per pool row, the rows of its NEIGHBOURS most similar other rows."""
    near = np.empty((len(pool), NEIGHBOURS), dtype=np.int64)
    for begin in range(0, len(pool), 2_000):
        scores = pool[begin : begin + 2_000] @ pool.T
        rows = np.arange(len(scores))
        scores[rows, rows + begin] = -np.inf
        near[begin : begin + 2_000] = np.argpartition(-scores, NEIGHBOURS, axis=1)[:, :NEIGHBOURS]
    return near


def grown(pool: np.ndarray, size: int) -> np.ndarray:
    """Return `size` unit vectors: the pool's rows, then points between a pool row and one of
    its nearest pool rows."""
    rng = np.random.default_rng(size)
    near = nearest_real(pool)
    out = np.empty((size, pool.shape[1]), dtype=np.float32)
    out[: min(size, len(pool))] = pool[:size]
    for begin in range(len(pool), size, CHUNK):
        rows = np.arange(begin, min(begin + CHUNK, size))
        first = rng.integers(0, len(pool), len(rows))
        second = near[first, rng.integers(0, NEIGHBOURS, len(rows))]
        where = rng.uniform(0, 1, (len(rows), 1)).astype(np.float32)
        chunk = pool[first] + where * (pool[second] - pool[first])
        out[rows] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return out


def calibration(
    database, pool: np.ndarray, queries: np.ndarray, size: int, options: str
) -> list[list]:
    """Return HNSW recall@10 rows at `size` claims: real vectors, grown from a fifth as many
    real ones, clustered with search_scale's 500 copies per base vector (its load at 1M); the
    index built with `options` (its WITH clause)."""
    from bench.search_scale import synthetic

    sets = {
        f"real ({size:,} transcript sentences)": pool[:size],
        f"grown from {size // 5:,} real": grown(pool[: size // 5], size),
        f"clustered ({size // 500} base vectors x 500)": synthetic(pool[: size // 500], size),
    }
    rows = []
    for name, matrix in sets.items():
        truth = np.argsort(-(queries @ matrix.T), axis=1)[:, :10]
        database.execute("DROP TABLE IF EXISTS calibration")
        database.execute(f"CREATE TABLE calibration (id int, v vector({pool.shape[1]}))")
        with database.conn.cursor() as cursor:
            with cursor.copy("COPY calibration FROM STDIN WITH (FORMAT BINARY)") as copy:
                copy.set_types(["int4", "vector"])
                for row, vector in enumerate(matrix):
                    copy.write_row([row, vector])
        database.execute(f"CREATE INDEX ON calibration USING hnsw (v vector_cosine_ops) {options}")
        recalls = []
        for ef in (40, 100, 200, 400):
            database.execute(f"SET hnsw.ef_search = {ef}")
            hits = 0
            for query, expected in zip(queries, truth, strict=True):
                found = database.execute(
                    "SELECT id FROM calibration ORDER BY v <=> ? LIMIT 10", [query]
                ).fetchall()
                hits += len({r[0] for r in found} & set(expected.tolist()))
            recalls.append(hits / (10 * len(queries)))
        rows.append([name, *recalls])
    database.execute("DROP TABLE calibration")
    return rows
