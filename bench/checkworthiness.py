"""Check-worthiness benchmark of the committed scorer: ClaimBuster CFS-vs-rest on held-out debates,
CLEF 2020 task 5 MAP; also the data loaders that bench/train_checkworthiness.py trains with."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.common import Timer, shared_data, table
from checks import claims
from checks.embed import content_hash, load_embedder

CACHE_DIR = Path("/tmp/claimdesk-cw-cache")
# CLEF transcripts of debates that are also ClaimBuster training debates (2016-09-26, 10-09,
# 10-19): MAP is reported with and without them, since the scorer has seen those sentences.
CLEF_SEEN = frozenset({"20160926_1pres", "20161010_2pres", "20161019_3pres"})


@dataclass(frozen=True)
class Labelled:
    """Sentences with binary labels (1 = check-worthy) and the document each came from."""

    texts: list[str]
    labels: np.ndarray
    groups: list[str]

    def subset(self, keep: np.ndarray) -> Labelled:
        """Return the rows where `keep` is true."""
        rows = np.flatnonzero(keep)
        return Labelled(
            [self.texts[i] for i in rows], self.labels[rows], [self.groups[i] for i in rows]
        )


def claimbuster() -> Labelled:
    """Return ClaimBuster crowdsourced: Verdict 1 (CFS) is positive, UFS and NFS negative."""
    path = shared_data() / "checkworthiness" / "claimbuster" / "crowdsourced.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labels = np.array([r["Verdict"] == "1" for r in rows], dtype=np.int8)
    return Labelled([r["Text"] for r in rows], labels, [r["File_id"] for r in rows])


def heldout_debates(groups: list[str]) -> set[str]:
    """Return the held-out debates: every 5th File_id in sorted order, starting at the 5th."""
    return set(sorted(set(groups))[4::5])


def split_claimbuster() -> tuple[Labelled, Labelled]:
    """Return (training debates, held-out debates); no debate is on both sides."""
    data = claimbuster()
    held = heldout_debates(data.groups)
    mask = np.array([g in held for g in data.groups])
    return data.subset(~mask), data.subset(mask)


def clef_transcripts() -> Labelled:
    """Return the CLEF 2020 task 5 training transcripts; groups are file names."""
    texts, labels, groups = [], [], []
    folder = shared_data() / "checkworthiness" / "clef2020-task5" / "training"
    for path in sorted(folder.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 4:
                texts.append(parts[2])
                labels.append(int(parts[3]))
                groups.append(path.stem)
    return Labelled(texts, np.array(labels, dtype=np.int8), groups)


def embeddings(texts: list[str], setting: str = "") -> np.ndarray:
    """Return unit embeddings of `texts`, embedding only those not yet cached under /tmp."""
    embedder = load_embedder(setting)
    path = CACHE_DIR / f"{embedder.model_id}.npz"
    cache: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as data:
            cache = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    keys = [content_hash(t) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
    if missing:
        vectors = embedder.embed([t for _, t in missing], batch_size=128)
        cache.update(zip([k for k, _ in missing], vectors, strict=True))
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        np.savez(path, keys=np.array(list(cache)), vectors=np.stack(list(cache.values())))
    return np.stack([cache[k] for k in keys]) if keys else np.zeros((0, embedder.dimension))


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """Return average precision of a ranking by descending score (0.0 with no positives)."""
    order = np.argsort(-scores, kind="stable")
    hits = labels[order].astype(bool)
    if not hits.any():
        return 0.0
    precision_at = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(precision_at[hits].mean())


def mean_average_precision(data: Labelled, scores: np.ndarray) -> float:
    """Return MAP over documents: each document's sentences ranked by score."""
    groups = np.array(data.groups)
    values = [
        average_precision(data.labels[groups == g], scores[groups == g])
        for g in sorted(set(groups))
    ]
    return float(np.mean(values))


def prf(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Return precision, recall and F1 of boolean predictions."""
    tp = float(np.sum(predicted & (labels == 1)))
    precision = tp / max(float(predicted.sum()), 1.0)
    recall = tp / max(float((labels == 1).sum()), 1.0)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return precision, recall, f1


def committed_scores(data: Labelled) -> np.ndarray:
    """Return the product's scores (learned score and sentence signals), embedding the texts
    first when the scorer reads vectors."""
    vectors = embeddings(data.texts) if claims.needs_vectors() else None
    return claims.score_texts(data.texts, vectors)


def main() -> str:
    """Return the Markdown section: held-out P/R/F1 at LINES_THRESHOLD (sentences scored one by
    one, as `extract --lines` does), and CLEF MAP."""
    _, held = split_claimbuster()
    clef = clef_transcripts()
    with Timer() as timer:
        held_scores = committed_scores(held)
        clef_scores = committed_scores(clef)
    precision, recall, f1 = prf(held.labels, held_scores >= claims.LINES_THRESHOLD)
    unseen = np.array([g not in CLEF_SEEN for g in clef.groups])
    rows = [
        ["ClaimBuster held-out debates: precision", precision],
        ["ClaimBuster held-out debates: recall", recall],
        ["ClaimBuster held-out debates: F1", f1],
        [
            "ClaimBuster held-out debates: average precision",
            average_precision(held.labels, held_scores),
        ],
        ["CLEF 2020 task 5 MAP, 50 transcripts", mean_average_precision(clef, clef_scores)],
        [
            "CLEF MAP, 47 transcripts not in ClaimBuster training",
            mean_average_precision(clef.subset(unseen), clef_scores[unseen]),
        ],
    ]
    debates = ", ".join(sorted(set(held.groups)))
    return "\n".join(
        [
            "## Check-worthiness",
            "",
            "Committed weights (`checks/checkworthiness.npz`) and sentence signals "
            f"(`checks/claim_signals.py`), sentences scored one by one, threshold "
            f"{claims.LINES_THRESHOLD:.2f} (`claims.LINES_THRESHOLD`), "
            f"CFS (Verdict 1) vs rest. Held-out debates: {debates} "
            f"({len(held.texts)} sentences, every 5th File_id). Scoring "
            f"{len(held.texts) + len(clef.texts)} sentences took {timer.seconds:.1f} s "
            "(embeddings are cached under /tmp after the first run).",
            "",
            table(["measure", "value"], rows),
        ]
    )


if __name__ == "__main__":
    print(main())
