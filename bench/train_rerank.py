"""Train the re-ranker (checks/rerank.npz) on CLEF 2020 task 2: each TRAIN tweet's first-stage
candidates over the archive (exact cosine of the packaged model's vectors, BM25 of an FTS5 porter
index as `claims_fts` has, fused by `rerank.first_stage` as search does), a logistic model fitted
on train and its regularisation chosen on dev by MAP@5.
`python -m bench.train_rerank [--write] [--cache DIR]` (vectors cached in DIR between runs)."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import sqlite3
from pathlib import Path

import numpy as np

from bench.claim_matching import load_split
from bench.common import shared_data, table
from checks import rerank
from checks.quantities import find_quantities
from checks.rerank import FEATURE_NAMES, WEIGHTS_PATH, Model, features
from checks.search import keyword_terms

C_GRID = (0.1, 1.0, 10.0, 100.0)  # inverse regularisation tried; the best on dev is kept
NEGATIVES = 30  # best first-stage candidates per train query kept as examples (+ positives)
CANDIDATES = 100  # vector and keyword candidates each, as the search workflow takes them


def average_precision(ranked: list[str], relevant: set[str]) -> float:
    """Return AP@5 of one ranking (CLEF's official measure, averaged into MAP@5)."""
    hits, total = 0, 0.0
    for rank, claim in enumerate(ranked[:5], start=1):
        if claim in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), 5) if relevant else 0.0


@dataclasses.dataclass
class Query:
    """One tweet's candidates: their archive ids, feature rows and which are right."""

    relevant: set[str]
    ids: list[str]
    matrix: np.ndarray
    labels: np.ndarray


def read_archive(folder: Path) -> tuple[list[str], list[str], list[str]]:
    """Return the archive's ids, claim texts and titles."""
    with open(folder / "verified_claims.docs.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def vectors(name: str, texts: list[str], cache: Path | None) -> np.ndarray:
    """Return the packaged model's unit vectors of `texts`, cached as cache/NAME.npy."""
    path = cache / f"{name}.npy" if cache else None
    if path and path.exists():
        return np.load(path)
    from checks.embed import load_embedder

    matrix = load_embedder("").embed(texts)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, matrix)
    return matrix


def keyword_index(texts: list[str]) -> sqlite3.Connection:
    """Return an in-memory FTS5 index of the claims, tokenised as claims_fts is (porter)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='porter')")
    conn.executemany("INSERT INTO f (rowid, text) VALUES (?, ?)", enumerate(texts))
    return conn


def collect(folder: Path, split: str, cache: Path | None) -> list[Query]:
    """Return every query of a split with its re-ranker features over the first stage."""
    ids, texts, titles = read_archive(folder)
    claims, heads = vectors("claims", texts, cache), vectors("titles", titles, cache)
    queries, qrels = load_split(folder, split)
    tweets = vectors(split, [t for _, t in queries], cache)
    conn = keyword_index(texts)
    figures = [find_quantities(t) for t in texts]
    out = []
    for (tweet_id, text), vector in zip(queries, tweets, strict=True):
        cosines = claims @ vector
        top = np.argsort(-cosines, kind="stable")[:CANDIDATES]
        semantic = {int(i): float(cosines[i]) for i in top}
        terms = keyword_terms(text)  # the same FTS5 query db/sqlite.py builds
        query = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms) if terms else None
        sql = "SELECT rowid, -bm25(f) FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT ?"
        keyword = dict(conn.execute(sql, [query, CANDIDATES]).fetchall()) if query else {}
        semantic.update({i: float(cosines[i]) for i in keyword if i not in semantic})
        found = [
            dataclasses.replace(
                c,
                text=texts[c.claim_id],
                title=titles[c.claim_id] or None,
                title_cosine=float(heads[c.claim_id] @ vector) if titles[c.claim_id] else None,
                quantities=figures[c.claim_id],
            )  # fmt: skip
            for c in rerank.first_stage(semantic, keyword)
        ]
        matrix, _ = features(text, find_quantities(rerank.query_body(text)), found)
        relevant = qrels.get(tweet_id, set())
        found_ids = [ids[c.claim_id] for c in found]
        labels = np.array([i in relevant for i in found_ids], dtype=int)
        out.append(Query(relevant, found_ids, matrix, labels))
    return out


def map5(queries: list[Query], model: Model) -> float:
    """Return MAP@5 of the model's ranking of each query's candidates."""
    total = 0.0
    for q in queries:
        order = np.argsort(-model.logits(q.matrix), kind="stable")
        total += average_precision([q.ids[i] for i in order], q.relevant)
    return total / len(queries)


def fit(train: list[Query], c: float) -> Model:
    """Return a logistic model fitted on the best NEGATIVES candidates and every positive."""
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for q in train:
        keep = np.arange(len(q.labels)) < NEGATIVES
        keep |= q.labels > 0
        rows.append(q.matrix[keep])
        labels.append(q.labels[keep])
    matrix, y = np.vstack(rows), np.concatenate(labels)
    mean, scale = matrix.mean(axis=0), matrix.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=c, max_iter=5000).fit((matrix - mean) / scale, y)
    return Model(mean, scale, fitted.coef_[0].copy(), float(fitted.intercept_[0]))


def train(cache: Path | None) -> tuple[Model, list[list]]:
    """Return the model chosen on dev and the table of every candidate model's MAP@5."""
    folder = shared_data() / "claim-matching" / "clef2020-task2"
    splits = {s: collect(folder, s, cache) for s in ("train", "dev")}
    rows, best = [], None
    for c in C_GRID:
        model = fit(splits["train"], c)
        scores = [map5(splits[s], model) for s in ("train", "dev")]
        rows.append([c, *scores])
        if best is None or scores[1] > best[0]:
            best = (scores[1], model)
    return best[1], rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS_PATH.name}")
    parser.add_argument("--cache", type=Path, help="folder for cached vectors (not the repo)")
    args = parser.parse_args()
    model, rows = train(args.cache)
    print(table(["C", "train MAP@5", "dev MAP@5"], rows))
    for name, weight in zip(FEATURE_NAMES, model.weights, strict=True):
        print(f"{name:18s} {weight:+.3f}")
    if args.write:
        model.save(WEIGHTS_PATH)
        print(f"wrote {WEIGHTS_PATH}")


if __name__ == "__main__":
    main()
