"""Embedding paths for all-MiniLM-L6-v2 side by side on CPU: sentence-transformers (the reference),
torch options, ONNX Runtime in fp32 and int8, and OpenVINO in fp32 and bf16. For each:
sentences/s on 5,000 archive claims, agreement with fp32 sentence-transformers (cosine, top-10
neighbour overlap over the 5,000, CLEF 2020 task 2 dev MAP@5), achieved GFLOP/s, and cold
start-up in a fresh process."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.claim_matching import load_split, metrics
from bench.common import ROOT, Timer, shared_data, table
from bench.embedding_variants import (
    cpu_peaks,
    flops_per_sentence,
    onnx_embedder,
    quantise_dynamic,
    quantise_static,
    torch_embedder,
)

CLAIMS = 5_000  # archive claims for speed and top-10 overlap
SWEEP = 500  # claims for the speed-only option sweep
OVERLAP_FLOOR, MAP_DELTA = 0.97, 0.005  # agreement a faster path must hold (issue 16)


def _archive() -> tuple[list[str], list[str]]:
    folder = shared_data() / "claim-matching" / "clef2020-task2"
    with open(folder / "verified_claims.docs.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [row[0] for row in rows], [row[1] for row in rows]


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Mean share of the 10 nearest neighbours (self excluded) that two embeddings agree on."""
    shares = []
    for begin in range(0, len(a), 1000):
        top_a = np.argsort(-(a[begin : begin + 1000] @ a.T), axis=1)[:, 1:11]
        top_b = np.argsort(-(b[begin : begin + 1000] @ b.T), axis=1)[:, 1:11]
        shares += [len(set(x) & set(y)) / 10 for x, y in zip(top_a, top_b, strict=True)]
    return float(np.mean(shares))


def _clef_map(ids: list[str], archive: np.ndarray, queries: np.ndarray, tweets, qrels) -> float:
    scores = queries @ archive.T
    ranked = {
        tweet: [ids[j] for j in np.argsort(-row)[:5]]
        for tweet, row in zip(tweets, scores, strict=True)
    }
    return metrics(ranked, qrels)[0]


def _measure(embed: Callable, texts: list[str], batch: int) -> tuple[np.ndarray, float]:
    embed(texts[:batch], batch)  # warm up
    with Timer() as timer:
        vectors = embed(texts, batch)
    return vectors, len(texts) / timer.seconds


STARTUP = {
    "sentence-transformers": "from sentence_transformers import SentenceTransformer\n"
    "from checks.model_setup import packaged_model_path\n"
    "SentenceTransformer(packaged_model_path(), device='cpu').encode(['a claim'])",
    "app, openvino": "from checks.embed import load_embedder\nload_embedder('').embed(['a claim'])",
    "app, onnx": "from checks.embed import load_embedder\nload_embedder('').embed(['a claim'])",
    "app, torch": "from checks.embed import load_embedder\nload_embedder('').embed(['a claim'])",
}


def _startup(name: str) -> float:
    """Seconds for a fresh process to import the path, load the model and embed one sentence."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "CLAIMDESK_EMBEDDER": name.split(", ")[-1]}
    env.pop("CLAIMDESK_MODEL", None)
    with Timer() as timer:
        subprocess.run(
            [sys.executable, "-c", STARTUP[name]],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    return timer.seconds


def _sweep(paths: dict[str, Callable], texts: list[str]) -> list[list[object]]:
    """Speed only, for threads and batch sizes: one row per (path, batch)."""
    rows = []
    for name, embed in paths.items():
        for batch in (16, 32, 64, 128):
            _, speed = _measure(embed, texts, batch)
            rows.append([name, batch, f"{speed:.0f}"])
    return rows


def main() -> str:
    """Return the Markdown section of this benchmark."""
    from checks.embed import PACKAGED_MODEL_ID
    from checks.model_setup import cpu_has_bf16
    from checks.onnx_embed import cpu_threads, ensure_exported

    ids, claims = _archive()
    texts = claims[:CLAIMS]
    rest = claims[CLAIMS:]
    folder = shared_data() / "claim-matching" / "clef2020-task2"
    dev, qrels = load_split(folder, "dev")
    tweets, queries = [t for t, _ in dev], [q for _, q in dev]
    fp32_graph = ensure_exported(Path(_model_dir()))
    calibration = _calibration_texts()
    tmp = Path(tempfile.mkdtemp(prefix="claimdesk-bench-"))
    variants: dict[str, tuple[Callable, int, str]] = {
        "sentence-transformers fp32 (reference)": (torch_embedder("plain"), 64, "fp32"),
        "torch bf16 autocast, sorted": (torch_embedder("bf16"), 64, "bf16"),
        "onnx fp32": (onnx_embedder(fp32_graph), 32, "fp32"),
        "openvino fp32": (onnx_embedder(fp32_graph, precision="fp32"), 32, "fp32"),
        "onnx int8 dynamic, per-channel": (
            onnx_embedder(quantise_dynamic(fp32_graph, tmp)), 32, "int8"),
        "onnx int8 static QDQ, per-channel, calibrated on claims": (
            onnx_embedder(quantise_static(fp32_graph, tmp, calibration)), 32, "int8"),
    }  # fmt: skip
    if cpu_has_bf16():
        variants["openvino bf16"] = (onnx_embedder(fp32_graph, precision="bf16"), 32, "bf16")
    lengths = onnx_embedder(fp32_graph).token_lengths(texts)
    flops = flops_per_sentence(lengths)
    peaks = cpu_peaks()
    rows, reference, ref_map, chosen = [], None, 0.0, None
    for name, (embed, batch, precision) in variants.items():
        vectors, speed = _measure(embed, texts, batch)
        reference = vectors if reference is None else reference
        cosine = (vectors * reference).sum(axis=1)
        overlap = _overlap(reference, vectors)
        clef = float("nan")  # not worth the whole archive's embedding once overlap has failed
        if overlap >= OVERLAP_FLOOR:
            archive = np.vstack([vectors, embed(rest, batch)])
            clef = _clef_map(ids, archive, embed(queries, batch), tweets, qrels)
            ref_map = ref_map or clef
        agrees = overlap >= OVERLAP_FLOOR and abs(clef - ref_map) <= MAP_DELTA
        gflops = speed * flops / 1e9
        peak = peaks[precision]
        share = f"{100 * gflops / peak.gflops:.1f}% of {peak.gflops:.0f}"
        rows.append([name, batch, f"{speed:.0f}", f"{cosine.mean():.6f} (min {cosine.min():.5f})",
                     f"{overlap:.4f}", "-" if np.isnan(clef) else f"{clef:.4f}",
                     "yes" if agrees else "**no**",
                     f"{gflops:.0f}", share])  # fmt: skip
        if agrees and name.startswith(("onnx", "openvino")) and (not chosen or speed > chosen[1]):
            chosen = (name, speed)
    fast, threads = "bf16" if cpu_has_bf16() else "fp32", cpu_threads()
    ov = onnx_embedder(fp32_graph, precision=fast)
    sweep = _sweep(
        {
            f"openvino {fast}, sorted by length, {threads} streams × 1 thread (app)": ov,
            f"openvino {fast}, unsorted, 1 stream × {threads} threads": onnx_embedder(
                fp32_graph, precision=fast, unsorted=True, streams=1
            ),
            f"openvino {fast}, sorted, 1 stream × {threads} threads": onnx_embedder(
                fp32_graph, precision=fast, streams=1
            ),
            f"openvino {fast}, sorted, 1 thread": onnx_embedder(fp32_graph, 1, precision=fast),
            "onnx fp32, sorted by length": onnx_embedder(fp32_graph),
            "onnx fp32, 1 thread": onnx_embedder(fp32_graph, threads=1),
            "torch fp32, sorted by length": torch_embedder("fp32"),
            "torch fp32, unsorted": torch_embedder("plain"),
        },
        texts[:SWEEP],
    )
    startup = [[name, f"{_startup(name):.2f}"] for name in STARTUP]
    return "\n".join(
        [
            "## Embedding throughput",
            "",
            f"{len(texts):,} CLEF 2020 task 2 archive claims ({np.mean(lengths):.1f} tokens on "
            f"average, special tokens included); model {PACKAGED_MODEL_ID}; {cpu_threads()} CPUs "
            f"(native bf16: {cpu_has_bf16()}). Agreement is against fp32 sentence-transformers: "
            f"top-10 neighbours of each of the {len(texts):,} claims among them, and MAP@5 of "
            "plain "
            f"semantic search on CLEF 2020 task 2 dev over the whole archive ({len(claims):,} "
            f"claims). A path agrees when overlap ≥ {OVERLAP_FLOOR} and MAP@5 is within "
            f"{MAP_DELTA}. The app's default is the fastest torch-free path that agrees: "
            f"**{chosen[0] if chosen else 'none'}**. "
            "The machine is shared: only ratios within one run mean anything.",
            "",
            table(
                [
                    "path",
                    "batch",
                    "sentences/s",
                    "cosine to reference",
                    "top-10 overlap",
                    "MAP@5",
                    "agrees",
                    "GFLOP/s",
                    "share of peak",
                ],
                rows,
            ),  # fmt: skip
            "",
            f"GFLOP/s counts the useful work: {flops / 1e9:.3f} GFLOP per sentence at these "
            "lengths (6 layers × (24·d²·L + 4·L²·d), d = 384, L tokens; padding not counted). "
            + " ".join(peak.how for peak in dict.fromkeys(peaks.values())),
            "",
            f"Speed only, {SWEEP:,} claims, by batch size (sorted: texts of similar token length "
            "share a batch; unsorted: batches in the given order, padded to their longest). "
            "Not measured: `torch.compile`, and OpenVINO int8 (it needs NNCF to quantise; ONNX "
            "Runtime's int8 above already misses the agreement).",
            "",
            table(["path", "batch", "sentences/s"], sweep),
            "",
            "Cold start in a fresh process (import, load, embed one sentence):",
            "",
            table(["path", "seconds"], startup),
        ]
    )


def _model_dir() -> str:
    from checks.model_setup import packaged_model_path

    return packaged_model_path()


def _calibration_texts() -> list[str]:
    """Claims from the debate transcripts (not the archive the agreement is measured on)."""
    from bench.search_scale import transcript_sentences

    return transcript_sentences()[:256]


if __name__ == "__main__":
    print(main())
