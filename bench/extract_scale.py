"""Extraction time of one large document at 1, 5 and 20 MB (clean, segment, select, score;
no embedding: the deterministic fake embedder feeds the scorer), to show it grows linearly
and that the cleaning size limit is a size the product handles: `python -m bench.extract_scale`.
"""

from __future__ import annotations

import os
import time

from bench.common import Timer, shared_data, table

SIZES_MB = (1, 5, 20)
TARGET_20MB_SECONDS = 60.0


def document(megabytes: float) -> bytes:
    """Return a transcript of `megabytes` MB made of the debate transcripts, repeated."""
    paths = sorted((shared_data() / "transcripts").glob("*.txt"))
    corpus = "\n\n".join(p.read_text("utf-8") for p in paths).encode("utf-8")
    size = int(megabytes * 1_000_000)
    data = corpus * (size // len(corpus) + 1)
    return data[: data.rfind(b"\n", 0, size)]


def measure(megabytes: float) -> list[object]:
    """Return one table row: size, sentences, claims and the seconds of each stage."""
    from checks.clean import clean_bytes
    from checks.embed import FakeEmbedder
    from checks.workflows.ingest import extract_document

    data = document(megabytes)
    cpu = time.process_time()
    with Timer() as cleaning:
        cleaned = clean_bytes(data, "transcript.txt")
    with Timer() as extracting:
        extraction, _ = extract_document(cleaned, FakeEmbedder())
    cpu = time.process_time() - cpu
    total = cleaning.seconds + extracting.seconds
    return [f"{len(data) / 1e6:.1f}", len(extraction.sentences), len(extraction.claims),
            f"{cleaning.seconds:.1f}", f"{extracting.seconds:.1f}", f"{total:.1f}",
            f"{cpu:.1f}", f"{len(extraction.sentences) / cpu:,.0f}"]  # fmt: skip


def main() -> str:
    """Return the Markdown section of this benchmark."""
    rows = [measure(size) for size in SIZES_MB]
    first, last = float(rows[0][6]), float(rows[-1][6])
    growth = (last / first) / (float(rows[-1][0]) / float(rows[0][0]))
    return "\n".join(
        [
            "## Extraction time by document size",
            "",
            "One transcript (the debate transcripts repeated) cleaned and extracted whole, as "
            "`extract` and `ingest` do, with the fake embedder so that only extraction is timed "
            f"({os.cpu_count()} CPUs, shared with other work). Target: the 20 MB cleaning limit "
            f"in at most {TARGET_20MB_SECONDS:.0f} s.",
            "",
            table(
                [
                    "MB",
                    "sentences",
                    "claims",
                    "clean s",
                    "extract s",
                    "total s",
                    "CPU s",
                    "sentences per CPU s",
                ],
                rows,
            ),  # fmt: skip
            "",
            "CPU seconds are what the work costs on one core of this machine whatever else it "
            "runs; wall seconds grow with the machine's other load. CPU time per MB at 20 MB / "
            f"at 1 MB: {growth:.2f} (1.0 is linear).",
        ]
    )


if __name__ == "__main__":
    print(main())
