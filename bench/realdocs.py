"""Extraction on real documents: check-worthiness, ranking and quantities on realdocs-dev, scored
per document by the data set's own scorer (`../shared/data/realdocs-dev/score.py`)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from bench.common import Timer, shared_data, table
from checks import claims
from checks.clean import clean_path
from checks.embed import load_embedder
from checks.segment import split_sentences
from checks.spans import Extraction

# Thresholds shown in the sweep that chose claims.THRESHOLD (highest precision at recall >= 0.90).
SWEEP = tuple(round(0.40 + 0.04 * i, 2) for i in range(12))


def scorer() -> ModuleType:
    """Return the data set's score.py, loaded by path (it is not part of this project)."""
    path = shared_data() / "realdocs-dev" / "score.py"
    spec = importlib.util.spec_from_file_location("realdocs_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def extract(path: Path, embedder) -> dict:
    """Return what `extract --format json` prints for one document (same steps, one process)."""
    cleaned = clean_path(path)
    sentences = split_sentences(cleaned.text)
    candidates = claims.claim_candidates(cleaned.text, sentences)
    vectors = None
    if claims.needs_vectors() and candidates:
        vectors = embedder.embed([sentences[i].text for i in candidates])
    found = claims.build_claims(cleaned.text, sentences, vectors, author=cleaned.author)
    return Extraction(cleaned.text, tuple(sentences), tuple(found)).to_dict()


def _row(name: str, result: dict) -> list[object]:
    cw, q = result["cw"], result["q"]["vu"]
    tp, fp = cw["tp_claims"], cw["fp_claims"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = cw["found"] / cw["gold"] if cw["gold"] else 0.0
    keys = f"{result['key_found']}/{result['key_total']}"
    quantities = [q["p"] or 0.0, q["r"] or 0.0, q["f1"] or 0.0, result["q"]["v"]["f1"] or 0.0]
    counts = [q["missed"], q["wrong"], q["spurious"]]
    return [name, precision, recall, result["ap"] or 0.0, keys, *quantities, *counts]


def _totals(results: dict[str, dict]) -> list[object]:
    """Return the ALL row: micro-averaged like score.py (MAP is the mean of the documents' AP)."""
    values = list(results.values())
    tp = sum(r["cw"]["tp_claims"] for r in values)
    fp = sum(r["cw"]["fp_claims"] for r in values)
    found, gold = sum(r["cw"]["found"] for r in values), sum(r["cw"]["gold"] for r in values)
    vu = {k: sum(r["q"]["vu"][k] for r in values) for k in values[0]["q"]["vu"] if k[0] != "p"}
    v = {k: sum(r["q"]["v"][k] for r in values) for k in ("correct", "wrong", "spurious")}
    v.update({k: vu[k] for k in ("req_found", "req_total")})

    def f1(c: dict) -> tuple[float, float, float]:
        p = c["correct"] / max(c["correct"] + c["wrong"] + c["spurious"], 1)
        r = c["req_found"] / max(c["req_total"], 1)
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    qp, qr, qf = f1(vu)
    keys = f"{sum(r['key_found'] for r in values)}/{sum(r['key_total'] for r in values)}"
    mean_ap = sum(r["ap"] or 0.0 for r in values) / len(values)
    return ["ALL", tp / max(tp + fp, 1), found / max(gold, 1), mean_ap, keys, qp, qr, qf,
            f1(v)[2], vu["missed"], vu["wrong"], vu["spurious"]]  # fmt: skip


def _sweep(score: ModuleType, gold: dict, outputs: dict[str, dict]) -> list[list[object]]:
    """Return check-worthy precision and recall at each threshold of SWEEP."""
    rows = []
    for cut in SWEEP:
        tp = fp = found = total = 0
        for doc, out in outputs.items():
            marked = [dict(c, checkworthy=c["score"] >= cut) for c in out["claims"]]
            flagged = dict(out, claims=marked)
            cw = score.score_doc(gold[doc], flagged)["cw"]
            tp, fp = tp + cw["tp_claims"], fp + cw["fp_claims"]
            found, total = found + cw["found"], total + cw["gold"]
        rows.append([f"{cut:.2f}", tp / max(tp + fp, 1), found / max(total, 1)])
    return rows


def main() -> str:
    """Return the Markdown section: the per-document table and the threshold sweep."""
    folder = shared_data() / "realdocs-dev"
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["docs"]
    score = scorer()
    embedder = load_embedder("")
    outputs, results = {}, {}
    with Timer() as timer:
        for doc in sorted(gold):
            outputs[doc] = extract(folder / "docs" / gold[doc]["file"], embedder)
    for doc, out in outputs.items():
        results[doc] = score.score_doc(gold[doc], out)
    header = ["doc", "cw P", "cw R", "AP", "key@10", "q P", "q R", "q F1", "value F1", "miss",
              "wrong", "spur"]  # fmt: skip
    rows = [_row(doc, results[doc]) for doc in sorted(results)] + [_totals(results)]
    return "\n".join(
        [
            "## Real documents (realdocs-dev)",
            "",
            f"The 12 hand-annotated documents of `../shared/data/realdocs-dev` (news pages, "
            f"transcripts, a speech, releases in PDF and Markdown, a fact-check), extracted in one "
            f"process ({timer.seconds:.0f} s) and scored by the data set's `score.py` (its README "
            f"defines every measure); check-worthy at threshold {claims.THRESHOLD:.2f}. "
            "Same figures as `python ../shared/data/realdocs-dev/score.py --run`.",
            "",
            table(header, rows),
            "",
            "Check-worthy precision and recall by threshold (the threshold is the highest-"
            "precision one with recall at least 0.90):",
            "",
            table(["threshold", "precision", "recall"], _sweep(score, gold, outputs)),
        ]
    )


if __name__ == "__main__":
    print(main())
