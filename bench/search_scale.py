"""Search at scale: index lookup p50/p95 (warm, k=10), recall@10 against exact search and index
memory at 10k, 100k and 1M claims; end-to-end `search` latency on a real database."""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import Timer, shared_data, table

SIZES = (10_000, 100_000, 1_000_000)
END_TO_END_SIZES = (10_000, 100_000)
BASE = 2_000  # real sentence embeddings the synthetic claims are drawn around
QUERIES = 200
NOISE = 0.03  # standard deviation of the Gaussian noise per dimension (then renormalised)
SEED = 7
E2E_COLUMNS = ["claims", "keyword candidates from", "p50 ms", "p95 ms",
               "first search (index load) s", "same top 10"]  # fmt: skip


def transcript_sentences() -> list[str]:
    """Return distinct transcript sentences of at least five words, shuffled."""
    from checks.segment import split_sentences

    seen: dict[str, None] = {}
    for path in sorted((shared_data() / "transcripts").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for sentence in split_sentences(text):
            if len(sentence.text.split()) >= 5:
                seen.setdefault(sentence.text.strip(), None)
    sentences = list(seen)
    np.random.default_rng(SEED).shuffle(sentences)
    return sentences


def synthetic(base: np.ndarray, size: int) -> np.ndarray:
    """Return `size` unit vectors: base rows in turn plus Gaussian noise of NOISE per dimension."""
    rng = np.random.default_rng(size)
    out = np.empty((size, base.shape[1]), dtype=np.float32)
    for begin in range(0, size, 100_000):
        rows = np.arange(begin, min(begin + 100_000, size))
        chunk = base[rows % len(base)] + rng.normal(0, NOISE, (len(rows), base.shape[1]))
        out[rows] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return out


def exact_top10(matrix: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Return the ids (1-based rows) of the exact top 10 of each query."""
    scores = queries @ matrix.T
    return np.argsort(-scores, axis=1)[:, :10] + 1


def lookup_rows(size: int, matrix: np.ndarray, queries: np.ndarray) -> list[list]:
    """Return one table row per setting of the index at this size."""
    from checks.search import EXACT_LIMIT, NPROBE_MAX, NPROBE_MIN, VectorIndex

    truth = exact_top10(matrix, queries)
    index = VectorIndex(fetch=lambda ids: matrix[np.asarray(ids) - 1])
    with Timer() as build:
        index.add(np.arange(1, size + 1), matrix)
    settings = [None] if size <= EXACT_LIMIT else [32, 64, 128, None]
    rows = []
    for nprobe in settings:
        index.nprobe = nprobe
        index.search(queries[0], 10)  # warm
        times, hits = [], 0
        for query, expected in zip(queries, truth, strict=True):
            start = time.perf_counter()
            found = index.search(query, 10)
            times.append((time.perf_counter() - start) * 1000)
            hits += len({i for i, _ in found} & set(expected.tolist()))
        kind = "exact (numpy)"
        if index.approximate:
            lists = index._ann.nlist
            probe = nprobe or f"{min(max(NPROBE_MIN, lists // 6), NPROBE_MAX)} (default)"
            kind = f"IVF-SQ8 ({lists} lists), nprobe {probe}"
        rows.append([f"{size:,}", kind, f"{np.percentile(times, 50):.2f}",
                     f"{np.percentile(times, 95):.2f}", hits / (10 * len(queries)),
                     f"{index.nbytes / 2**20:.0f}", f"{build.seconds:.1f}"])  # fmt: skip
    return rows


def end_to_end(size: int, matrix: np.ndarray, texts: list[str], queries: list[str], embedder):
    """Return p50/p95 ms of `search` (hybrid, k=10) over a database of `size` claims,
    including keyword candidates, vector candidates, re-scoring and result rows (the query's
    vector comes from a warm cache), with the keyword candidates as `search` takes them and,
    query by query in turn, from every claim holding any query word; and the share of queries
    whose 10 results are the same both ways."""
    import db.connection
    import db.keyword
    from checks.workflows.searching import search

    common = db.keyword.COMMON_CLAIMS
    times: dict[int, list[float]] = {common: [], 0: []}
    same = 0
    with tempfile.TemporaryDirectory() as tmp:
        database = db.connection.open_database(Path(tmp) / "scale.db")
        fill(database, size, matrix, texts, embedder.model_id)
        with Timer() as load:
            search(database, queries[0], embedder)  # loads the index from SQLite
        try:
            for number, query in enumerate(queries[:100]):
                found = {}
                for setting in (common, 0) if number % 2 else (0, common):
                    db.keyword.COMMON_CLAIMS = setting
                    start = time.perf_counter()
                    results = search(database, query, embedder, k=10)
                    times[setting].append((time.perf_counter() - start) * 1000)
                    found[setting] = [r["claim_id"] for r in results]
                same += found[common] == found[0]
        finally:
            db.keyword.COMMON_CLAIMS = common
        database.close()
    return [
        [f"{size:,}", label, f"{np.percentile(times[s], 50):.1f}",
         f"{np.percentile(times[s], 95):.1f}", f"{load.seconds:.1f}", f"{same / 100:.2f}"]
        for s, label in ((common, f"rarer words (default, {common:,})"), (0, "every word"))
    ]  # fmt: skip


def embedding_ms(embedder, queries: list[str]) -> tuple[float, float]:
    """Return p50/p95 ms of embedding one query at a time (what `search` adds to the above)."""
    embedder.embed(queries[:1])  # warm
    times = []
    for query in queries[:100]:
        start = time.perf_counter()
        embedder.embed([query])
        times.append((time.perf_counter() - start) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def fill(database, size: int, matrix: np.ndarray, texts: list[str], model: str) -> None:
    """Write `size` archive claims with their vectors straight into the tables."""
    import db.connection

    with db.connection.write_transaction(database):
        for begin in range(0, size, 50_000):
            rows = range(begin, min(begin + 50_000, size))
            claims, vectors = [], []
            for row in rows:
                text = f"{texts[row % len(texts)]} ({row})"
                digest = hashlib.sha256(text.encode()).hexdigest()
                # Every claim has a title, as the CLEF archive's do: another row's text and
                # vector, so the re-ranker reads a title vector for each candidate.
                title = f"{texts[(row + 1) % len(texts)]} [{row}]"
                title_digest = hashlib.sha256(title.encode()).hexdigest()
                claims.append((text, digest, str(row), title, title_digest))
                vectors.append((model, digest, matrix[row].astype("<f4").tobytes()))
                title_vector = matrix[(row + 1) % size].astype("<f4").tobytes()
                vectors.append((model, title_digest, title_vector))
            database.conn.executemany(
                'INSERT INTO claims (start, "end", text, kind, score, content_hash, created_at, '
                "archive, external_id, title, title_hash) "
                "VALUES (0, 0, ?, 'other', 1, ?, '2026-01-01', 'scale', ?, ?, ?)",
                claims,
            )
            database.conn.executemany("INSERT INTO embeddings VALUES (?, ?, ?)", vectors)


def main(sizes: tuple[int, ...] = SIZES) -> str:
    """Return the Markdown section of this benchmark (`python -m bench.search_scale [SIZE ...]`
    measures only the sizes given)."""
    from checks.embed import PreEmbedded, load_embedder

    sentences = transcript_sentences()
    embedder = load_embedder("")
    with Timer() as embed_time:
        base = embedder.embed(sentences[:BASE])
    query_texts = sentences[BASE : BASE + QUERIES]
    cached = PreEmbedded(embedder, query_texts)
    queries = np.stack([cached.embed([t])[0] for t in query_texts])
    lookups, e2e = [], []
    for size in sizes:
        matrix = synthetic(base, size)
        lookups += lookup_rows(size, matrix, queries)
        if size in END_TO_END_SIZES:
            e2e += end_to_end(size, matrix, sentences[:BASE], query_texts, cached)
        del matrix
    embed_p50, embed_p95 = embedding_ms(embedder, query_texts)
    return "\n".join(
        [
            "## Search at scale",
            "",
            f"Claims are {BASE:,} real all-MiniLM-L6-v2 embeddings of transcript sentences "
            f"(embedded in {embed_time.seconds:.0f} s), repeated with Gaussian noise of "
            f"σ = {NOISE} per dimension and renormalised; {QUERIES} held-out transcript "
            "sentences are the queries. "
            "Lookup = `VectorIndex.search(vector, k=10)`, warm, including the exact re-scoring of "
            "the top 64 approximate candidates (vectors fetched from an in-memory array here; from "
            "SQLite in the app). Memory is what the index holds (codes, ids, centroids).",
            "",
            table(["claims", "index", "p50 ms", "p95 ms", "recall@10", "MiB", "build s"], lookups),
            "",
            "End to end: `search(database, query, embedder)` (hybrid, k=10) on a "
            "SQLite database of that many claims, each with a title and its vector: keyword "
            "candidates, vector candidates, exact re-scoring from SQLite, the re-ranker over the "
            "best 100 fused candidates (features, title cosines, numbers flags) and result rows, "
            "with the query's vector from a warm cache; embedding the query is measured apart, "
            "below. Keyword candidates as `search` takes them (a word held by more than "
            "`db.keyword.COMMON_CLAIMS` claims makes no claim a candidate by itself while 100 "
            "claims hold the query's rarer words) and, query by query in turn in the same run, "
            "from every claim holding any query word; same top 10: the share of queries whose "
            "10 results are the same claims in the same order both ways.",
            "",
            table(E2E_COLUMNS, e2e),
            "",
            f"Embedding one query (the same {min(QUERIES, 100)} queries, one call each, in this "
            f"run): p50 {embed_p50:.1f} ms, p95 {embed_p95:.1f} ms.",
        ]
    )


if __name__ == "__main__":
    import sys

    print(main(tuple(int(arg) for arg in sys.argv[1:]) or SIZES))
