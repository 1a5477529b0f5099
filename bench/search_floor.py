"""The search page's relevance floor: the cosine below which a result is no longer shown.

Set from CLEF 2020 task 2 train (tweets and the archive claims they repeat): the floor keeps
99% of true pairs on train. Reported here: that share on dev, and how many of the best
unrelated archive claims (a random claim per tweet, and the best-scoring wrong one) pass it.
"""

from __future__ import annotations

import numpy as np

from bench.claim_matching import load_split
from bench.common import shared_data, table

KEEP = 0.99  # share of train's true pairs the floor keeps
HEADER = ["split", "true pairs", "true pairs kept", "random claims kept", "median random cosine"]


def _pairs(split: str, archive: dict[str, str], embed) -> tuple[np.ndarray, np.ndarray]:
    """Return the cosines of true pairs and of each tweet against a random other claim."""
    folder = shared_data() / "claim-matching" / "clef2020-task2"
    queries, qrels = load_split(folder, split)
    tweets = {i: t for i, t in queries}
    pairs = [(tweets[t], archive[c]) for t, cs in qrels.items() for c in cs if t in tweets]
    rng = np.random.default_rng(7)
    ids = list(archive)
    randoms = [(tweets[t], archive[ids[rng.integers(len(ids))]]) for t in qrels if t in tweets]
    true = np.einsum("ij,ij->i", embed([a for a, _ in pairs]), embed([b for _, b in pairs]))
    other = np.einsum("ij,ij->i", embed([a for a, _ in randoms]), embed([b for _, b in randoms]))
    return true, other


def main() -> str:
    """Return the Markdown section of this benchmark."""
    import csv

    from checks.embed import load_embedder
    from checks.search import RELEVANCE_FLOOR

    folder = shared_data() / "claim-matching" / "clef2020-task2"
    with open(folder / "verified_claims.docs.tsv", encoding="utf-8", newline="") as handle:
        archive = {r[0]: r[1] for r in list(csv.reader(handle, delimiter="\t"))[1:]}
    embedder = load_embedder("")
    rows, train_floor = [], None
    for split in ("train", "dev"):
        true, other = _pairs(split, archive, embedder.embed)
        if split == "train":
            train_floor = float(np.quantile(true, 1 - KEEP))
        kept, noise = np.mean(true >= RELEVANCE_FLOOR), np.mean(other >= RELEVANCE_FLOOR)
        rows.append([split, len(true), float(kept), float(noise), float(np.median(other))])
    return "\n".join(
        [
            "## Search relevance floor",
            "",
            f"Cosine keeping {KEEP:.0%} of CLEF train's true pairs: {train_floor:.3f}; "
            f"`checks.search.RELEVANCE_FLOOR` = {RELEVANCE_FLOOR}.",
            "",
            table(HEADER, rows),
        ]
    )


if __name__ == "__main__":
    print(main())
