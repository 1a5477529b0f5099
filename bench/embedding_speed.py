"""Embedding throughput of the app's own embedder (all-MiniLM-L6-v2, fp32, CPU) on transcript
sentences, at a few batch sizes."""

from __future__ import annotations

import os

from bench.common import Timer, table
from bench.search_scale import transcript_sentences

SENTENCES = 2_000
BATCHES = (32, 64, 128)


def main() -> str:
    """Return the Markdown section of this benchmark."""
    import torch

    from checks.embed import load_embedder

    embedder = load_embedder("")
    texts = transcript_sentences()[:SENTENCES]
    embedder.embed(texts[:64])  # load the model and warm up
    rows = []
    for batch in BATCHES:
        with Timer() as timer:
            embedder.embed(texts, batch_size=batch)
        rows.append([batch, f"{len(texts) / timer.seconds:.0f}", f"{timer.seconds:.1f}"])
    words = sum(len(t.split()) for t in texts) / len(texts)
    single = []
    for text in texts[:100]:
        with Timer() as one:
            embedder.embed([text])
        single.append(one.seconds * 1000)
    single.sort()
    return "\n".join(
        [
            "## Embedding throughput",
            "",
            f"`load_embedder('')` (fp32, sentences sorted by length into batches) on "
            f"{len(texts):,} transcript sentences of {words:.0f} words on average; "
            f"{os.cpu_count()} CPUs, torch {torch.__version__} "
            f"with {torch.get_num_threads()} threads.",
            "",
            table(["batch size", "sentences/s", "seconds"], rows),
            "",
            f"One sentence at a time (a search query): p50 {single[49]:.1f} ms, "
            f"p95 {single[94]:.1f} ms over 100 sentences.",
        ]
    )


if __name__ == "__main__":
    print(main())
