"""Train the check-worthiness scorer on ClaimBuster training debates and rewrite its weights.

`python -m bench.train_checkworthiness` trains the chosen model and writes
checks/checkworthiness.npz; `--compare` first measures every candidate (grouped cross-validation
on the training debates, then the held-out debates and CLEF MAP).
Seeds are fixed, so a re-run writes the same weights.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

from bench.checkworthiness import (
    Labelled,
    clef_transcripts,
    embeddings,
    mean_average_precision,
    prf,
    split_claimbuster,
)
from bench.common import table
from checks.checkworthiness import (
    FEATURE_NAMES,
    HASH_SIZE,
    Model,
    hand_matrix,
    ngram_buckets,
    save_model,
)

FOLDS = 5
SEED = 13
CHOSEN = "lr-features+ngrams+embedding"


def ngram_matrix(texts: list[str]) -> sparse.csr_matrix:
    """Return the binary sentence-by-bucket matrix of hashed unigrams and bigrams."""
    rows = [ngram_buckets(t) for t in texts]
    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    values = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((values, indices, indptr), shape=(len(texts), HASH_SIZE))


def design(texts: list[str], parts: str, setting: str = "") -> sparse.csr_matrix:
    """Return the input matrix with the named blocks, in Model's order: features, ngrams, embed."""
    blocks = [sparse.csr_matrix(hand_matrix(texts))]
    if "ngrams" in parts:
        blocks.append(ngram_matrix(texts))
    if "embedding" in parts:
        blocks.append(sparse.csr_matrix(embeddings(texts, setting)))
    return sparse.hstack(blocks, format="csr")


def make_classifier(name: str):
    """Return an untrained classifier for a candidate name (fixed seed)."""
    if name.startswith("mlp"):
        return MLPClassifier(
            hidden_layer_sizes=(128,), alpha=1e-3, early_stopping=True, random_state=SEED
        )
    strength = 0.5 if "ngrams" in name else 1.0
    return LogisticRegression(C=strength, max_iter=3000, class_weight="balanced", solver="lbfgs")


def fold_of(groups: list[str]) -> np.ndarray:
    """Return each row's validation fold: debates dealt round-robin in sorted order."""
    index = {g: i % FOLDS for i, g in enumerate(sorted(set(groups)))}
    return np.array([index[g] for g in groups])


def out_of_fold(name: str, x: sparse.csr_matrix, labels: np.ndarray, folds: np.ndarray):
    """Return scores for every training row from a model that did not see its debate."""
    scores = np.zeros(len(labels))
    for fold in range(FOLDS):
        test = folds == fold
        model = make_classifier(name).fit(x[~test], labels[~test])
        scores[test] = model.predict_proba(x[test])[:, 1]
    return scores


def best_threshold(labels: np.ndarray, scores: np.ndarray) -> float:
    """Return the score cut that maximises F1 (searched on a 0.01 grid)."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    return float(max(grid, key=lambda t: prf(labels, scores >= t)[2]))


def evaluate(name: str, train: Labelled, held: Labelled, clef: Labelled) -> list[object]:
    """Return a table row: validation F1, threshold, held-out P/R/F1, CLEF MAP."""
    parts = name.split("-", 1)[1]
    x_train = design(train.texts, parts)
    oof = out_of_fold(name, x_train, train.labels, fold_of(train.groups))
    threshold = best_threshold(train.labels, oof)
    model = make_classifier(name).fit(x_train, train.labels)
    held_scores = model.predict_proba(design(held.texts, parts))[:, 1]
    clef_scores = model.predict_proba(design(clef.texts, parts))[:, 1]
    p, r, f = prf(held.labels, held_scores >= threshold)
    val_f1 = prf(train.labels, oof >= threshold)[2]
    return [name, val_f1, threshold, p, r, f, mean_average_precision(clef, clef_scores)]


CANDIDATES = (
    "lr-features",
    "lr-features+ngrams",
    "lr-features+embedding",
    "mlp-features+embedding",
    "lr-features+ngrams+embedding",
)


def compare() -> str:
    """Return a Markdown table measuring every candidate scorer."""
    train, held = split_claimbuster()
    clef = clef_transcripts()
    rows = []
    for name in CANDIDATES:
        print(f"train: measuring {name}", file=sys.stderr, flush=True)
        rows.append(evaluate(name, train, held, clef))
    header = ["candidate", "val F1", "threshold", "held P", "held R", "held F1", "CLEF MAP"]
    return table(header, rows)


def train_chosen() -> Model:
    """Fit the chosen candidate on all training debates, threshold from out-of-fold F1."""
    train, _ = split_claimbuster()
    parts = CHOSEN.split("-", 1)[1]
    x_train = design(train.texts, parts)
    oof = out_of_fold(CHOSEN, x_train, train.labels, fold_of(train.groups))
    threshold = best_threshold(train.labels, oof)
    fitted = make_classifier(CHOSEN).fit(x_train, train.labels)
    weights = fitted.coef_[0].astype(np.float32)
    n_dense = len(FEATURE_NAMES)
    n_ngram = HASH_SIZE if "ngrams" in parts else 0
    return Model(
        dense=weights[:n_dense],
        ngram=weights[n_dense : n_dense + n_ngram] if n_ngram else np.zeros(HASH_SIZE, np.float32),
        embed=weights[n_dense + n_ngram :],
        bias=float(fitted.intercept_[0]),
        threshold=threshold,
    )


def main(argv: list[str] | None = None) -> None:
    """Optionally compare candidates, then train the chosen one and write its weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="measure every candidate first")
    args = parser.parse_args(argv)
    if args.compare:
        print(compare())
    model = train_chosen()
    save_model(model)
    print(f"train: wrote checks/checkworthiness.npz ({CHOSEN}, threshold {model.threshold:.2f})")


if __name__ == "__main__":
    main()
