"""Claim matching on CLEF 2020 task 2: import the archive and run the tweets through the real
`import` and `search --queries` commands; MAP@5, recall@5, MRR per mode; match thresholds."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from bench.common import ROOT, Timer, shared_data, table

SPLITS = ("train", "dev")
MODES = ("semantic", "keyword", "hybrid")
DEPTH = 50  # results read per query (MRR and the threshold statistics look this deep)
SWEEP = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)


def cli(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m checks ARGS` with the real model; raise on failure."""
    env = {k: v for k, v in os.environ.items() if k != "CLAIMDESK_MODEL"}
    done = subprocess.run(
        [sys.executable, "-m", "checks", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"checks {args[0]} failed: {done.stderr}")
    return done


def load_split(folder: Path, split: str) -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
    """Return the (tweet id, text) queries of a split and the archive ids each one repeats."""
    with open(folder / split / "tweets.queries.tsv", encoding="utf-8", newline="") as handle:
        queries = [(r[0], r[1]) for r in list(csv.reader(handle, delimiter="\t"))[1:]]
    qrels: dict[str, set[str]] = {}
    for line in (folder / split / "tweet-vclaim-pairs.qrels").read_text().split("\n"):
        if line.strip():
            tweet, _, claim, _ = line.split()
            qrels.setdefault(tweet, set()).add(claim)
    return queries, qrels


def metrics(ranked: dict[str, list[str]], qrels: dict[str, set[str]]) -> tuple[float, ...]:
    """Return MAP@5, recall@5 and MRR (over the ranked depth) of rankings of archive ids."""
    ap = recall = rr = 0.0
    for tweet, relevant in qrels.items():
        ids = ranked.get(tweet, [])
        hits, precision = 0, 0.0
        for rank, claim in enumerate(ids[:5], start=1):
            if claim in relevant:
                hits += 1
                precision += hits / rank
        ap += precision / min(len(relevant), 5)
        recall += len(set(ids[:5]) & relevant) / len(relevant)
        rr += next((1 / r for r, c in enumerate(ids, start=1) if c in relevant), 0.0)
    n = len(qrels)
    return ap / n, recall / n, rr / n


def run_searches(db: Path, work: Path, folder: Path) -> tuple[list[list], dict]:
    """Run every split and mode through `search --queries`; return table rows and results."""
    rows, outputs = [], {}
    for split in SPLITS:
        queries, qrels = load_split(folder, split)
        path = work / f"{split}.jsonl"
        path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in queries))
        for mode in MODES:
            with Timer() as timer:
                done = cli("search", "--queries", str(path), "--mode", mode, "--k", str(DEPTH),
                           "--format", "jsonl", "--db", str(db))  # fmt: skip
            lines = [json.loads(line) for line in done.stdout.splitlines()]
            outputs[split, mode] = lines
            ranked = {r["query_id"]: [x["external_id"] for x in r["results"]] for r in lines}
            map5, r5, mrr = metrics(ranked, qrels)
            rows.append([split, mode, map5, r5, mrr, f"{timer.seconds:.1f}"])
    return rows, outputs


CUTS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def thresholds(outputs: dict, folder: Path) -> list[list]:
    """Return, per split and cut on the hybrid score (the re-ranker's probability, which
    matching uses), the share of true pairs at or above it, the share of tweets whose best
    non-matching archive claim is at or above it, the share of tweets whose top result is, and
    the precision of that top result."""
    rows = []
    for split in SPLITS:
        _, qrels = load_split(folder, split)
        true, wrong, top_right = [], [], []
        for line in outputs[split, "hybrid"]:
            relevant = qrels.get(line["query_id"], set())
            scores = [(r["external_id"], r["score"]) for r in line["results"]]
            found = {i: s for i, s in scores if i in relevant}
            true += [found.get(i, 0.0) for i in relevant]
            wrong.append(next((s for i, s in scores if i not in relevant), 0.0))
            top_right.append((scores[0][1], scores[0][0] in relevant) if scores else (0.0, False))
        for cut in CUTS:
            above = [ok for s, ok in top_right if s >= cut]
            rows.append([split, cut, float(np.mean(np.array(true) >= cut)),
                         float(np.mean(np.array(wrong) >= cut)), len(above) / len(top_right),
                         float(np.mean(above)) if above else 0.0])  # fmt: skip
    return rows


def main() -> str:
    """Return the Markdown section of this benchmark."""
    folder = shared_data() / "claim-matching" / "clef2020-task2"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(os.environ.get("CLAIMDESK_BENCH_WORK") or tmp)  # kept there when set
        db = work / "clef.db"
        archive = (str(folder / "verified_claims.docs.tsv"), "--title-column", "title")
        with Timer() as first:
            imported = cli("import", *archive, "--db", str(db))
        with Timer() as again:
            rerun = cli("import", *archive, "--db", str(db))
        rows, outputs = run_searches(db, work, folder)
        cuts = thresholds(outputs, folder)
    return "\n".join(
        [
            "## Claim matching (CLEF 2020 task 2)",
            "",
            f"`python -m checks import verified_claims.docs.tsv`: {imported.stdout.strip()} "
            f"({first.seconds:.1f} s, real model); a second run: {rerun.stdout.strip()} "
            f"({again.seconds:.1f} s).",
            "",
            f"Each tweet through `python -m checks search --queries FILE --mode M --k {DEPTH}`:",
            "",
            table(["split", "mode", "MAP@5", "recall@5", "MRR", "seconds"], rows),
            "",
            "Hybrid = the fused first stage (cosine + 0.15 × BM25 / best BM25, top "
            "100) re-ranked by the model of `checks/rerank.py` (trained on train, chosen on dev: "
            "`python -m bench.train_rerank`); its score is a probability. Thresholds on it "
            "(matching's suggest and same levels are chosen here, on dev): share of true pairs at "
            "or above; share of tweets whose best wrong archive claim is at or above; share of "
            "tweets whose top result is at or above, and that top result's precision:",
            "",
            table(
                ["split", "score", "true pairs", "best wrong", "tweets", "top-1 precision"], cuts
            ),  # fmt: skip
        ]
    )


if __name__ == "__main__":
    print(main())
