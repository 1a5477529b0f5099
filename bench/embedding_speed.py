"""Embedding throughput of the app's own embedder (all-MiniLM-L6-v2, CPU) in fp32 and in the
bf16 autocast it uses where the CPU has native bfloat16, with the agreement between the two:
cosine, top-10 neighbour overlap, and CLEF 2020 task 2 dev MAP@5 of plain semantic search."""

from __future__ import annotations

import csv
import os

import numpy as np

from bench.claim_matching import load_split, metrics
from bench.common import Timer, shared_data, table
from bench.search_scale import transcript_sentences

SENTENCES = 2_000
NEIGHBOURS = 1_000  # queries for the top-10 overlap (each against all SENTENCES)


def _embedders():
    from checks.embed import SentenceTransformerEmbedder, cpu_has_bf16, packaged_model_path

    path = packaged_model_path()
    fp32 = SentenceTransformerEmbedder(path, "all-MiniLM-L6-v2", precision="fp32")
    bf16 = SentenceTransformerEmbedder(path, "all-MiniLM-L6-v2", precision="bf16")
    return fp32, bf16, cpu_has_bf16()


def _throughput(embedder, texts: list[str]) -> tuple[np.ndarray, float]:
    embedder.embed(texts[:64])  # warm up
    with Timer() as timer:
        vectors = embedder.embed(texts)
    return vectors, len(texts) / timer.seconds


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Mean share of the 10 nearest neighbours (self excluded) that fp32 and bf16 agree on."""
    top_a = np.argsort(-(a[:NEIGHBOURS] @ a.T), axis=1)[:, 1:11]
    top_b = np.argsort(-(b[:NEIGHBOURS] @ b.T), axis=1)[:, 1:11]
    return float(np.mean([len(set(x) & set(y)) / 10 for x, y in zip(top_a, top_b, strict=True)]))


def _clef_map(embedder) -> float:
    """Plain semantic MAP@5 on CLEF 2020 task 2 dev (exact cosine over the archive)."""
    folder = shared_data() / "claim-matching" / "clef2020-task2"
    with open(folder / "verified_claims.docs.tsv", encoding="utf-8", newline="") as handle:
        archive = list(csv.reader(handle, delimiter="\t"))[1:]
    ids = [row[0] for row in archive]
    vectors = embedder.embed([row[1] for row in archive])
    queries, qrels = load_split(folder, "dev")
    scores = embedder.embed([text for _, text in queries]) @ vectors.T
    ranked = {
        tweet: [ids[j] for j in np.argsort(-row)[:5]]
        for (tweet, _), row in zip(queries, scores, strict=True)
    }
    return metrics(ranked, qrels)[0]


def main() -> str:
    """Return the Markdown section of this benchmark."""
    import torch

    fp32, bf16, native = _embedders()
    texts = transcript_sentences()[:SENTENCES]
    a, fp32_speed = _throughput(fp32, texts)
    b, bf16_speed = _throughput(bf16, texts)
    cosine = (a * b).sum(axis=1)
    rows = [
        ["fp32", f"{fp32_speed:.0f}", "1", "1", f"{_clef_map(fp32):.4f}"],
        ["bf16 autocast", f"{bf16_speed:.0f}", f"{cosine.mean():.5f} (min {cosine.min():.5f})",
         f"{_overlap(a, b):.4f}", f"{_clef_map(bf16):.4f}"],
    ]  # fmt: skip
    words = sum(len(t.split()) for t in texts) / len(texts)
    single = []
    for text in texts[:100]:
        with Timer() as one:
            bf16.embed([text])
        single.append(one.seconds * 1000)
    single.sort()
    default = "bf16" if native else "fp32"
    return "\n".join(
        [
            "## Embedding throughput",
            "",
            f"{len(texts):,} distinct transcript sentences of {words:.0f} words on average, "
            f"batch 16, sorted by length; {os.cpu_count()} CPUs, torch {torch.__version__} with "
            f"{torch.get_num_threads()} threads. This CPU has native bf16: {native}, so the app "
            f"embeds in **{default}**. Agreement is against fp32; MAP@5 is plain semantic search "
            "on CLEF 2020 task 2 dev.",
            "",
            table(["precision", "sentences/s", "cosine to fp32", "top-10 overlap", "MAP@5"], rows),
            "",
            f"One sentence at a time (a search query, bf16): p50 {single[49]:.1f} ms, "
            f"p95 {single[94]:.1f} ms over 100 sentences.",
        ]
    )


if __name__ == "__main__":
    print(main())
