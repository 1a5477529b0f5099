"""Throughput of the full `extract` (clean, segment, quantities, embed, score) on the 33
debate transcripts, with the app's own embedder, in sentences per second."""

from __future__ import annotations

from bench.common import Timer, shared_data, table


def main() -> str:
    """Return the Markdown section of this benchmark."""
    from checks.clean import clean_path
    from checks.embed import load_embedder
    from checks.workflows.ingest import extract_document

    embedder = load_embedder("")
    embedder.embed(["warm up the model"])
    paths = sorted((shared_data() / "transcripts").glob("*.txt"))
    sentences = claims = 0
    with Timer() as timer:
        for path in paths:
            extraction, _ = extract_document(clean_path(path), embedder)
            sentences += len(extraction.sentences)
            claims += len(extraction.claims)
    rows = [[len(paths), sentences, claims, f"{timer.seconds:.1f}",
             f"{sentences / timer.seconds:,.0f}"]]  # fmt: skip
    return "\n".join(
        [
            "## Full extract throughput",
            "",
            "`extract_document` (what `extract` runs) over every transcript, with the "
            f"packaged model ({getattr(embedder.loaded, 'precision', '?')}), model load excluded; "
            "embedding the claims dominates.",
            "",
            table(["documents", "sentences", "claims", "seconds", "sentences/s"], rows),
        ]
    )


if __name__ == "__main__":
    print(main())
