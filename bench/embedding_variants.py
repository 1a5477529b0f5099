"""The embedding paths bench.embedding_speed compares, int8 quantisation of the exported graph,
and the arithmetic for achieved GFLOP/s against the CPU's peak."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HIDDEN, LAYERS = 384, 6


def torch_embedder(mode: str) -> Callable[[Sequence[str], int], np.ndarray]:
    """Return embed(texts, batch) on sentence-transformers: `plain` is `encode` as a user calls
    it (fp32); `fp32` and `bf16` are the app's torch path (sorted by length, bf16 autocast)."""
    from checks.embed import PACKAGED_MODEL_ID, SentenceTransformerEmbedder
    from checks.model_setup import packaged_model_path

    if mode == "plain":
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(packaged_model_path(), device="cpu", local_files_only=True)
        return lambda texts, batch: model.encode(
            list(texts), batch_size=batch, normalize_embeddings=True, show_progress_bar=False
        )
    app = SentenceTransformerEmbedder(packaged_model_path(), PACKAGED_MODEL_ID, precision=mode)
    return lambda texts, batch: app.embed(texts, batch_size=batch)


class _OnnxPath:
    """embed(texts, batch) over one ONNX graph, with the app's tokenizer and batching (sorted by
    token length, unless `unsorted`), on ONNX Runtime or, with a `precision`, on OpenVINO."""

    def __init__(
        self, graph: Path, threads: int, precision: str | None, unsorted: bool, streams: int
    ):
        from checks.embed import PACKAGED_MODEL_ID
        from checks.model_setup import packaged_model_path
        from checks.onnx_embed import OnnxEmbedder
        from checks.openvino_embed import OpenVinoEmbedder

        path = packaged_model_path()
        self.embedder = (
            OpenVinoEmbedder(path, PACKAGED_MODEL_ID, graph, threads, precision, streams)
            if precision
            else OnnxEmbedder(path, PACKAGED_MODEL_ID, graph, threads)
        )
        self.unsorted = unsorted

    def __call__(self, texts: Sequence[str], batch: int) -> np.ndarray:
        if not self.unsorted:
            return self.embedder.embed(texts, batch_size=batch)
        ids = self.embedder.token_ids(texts)  # in the given order, padded to each batch's longest
        return np.vstack(
            [self.embedder._run(ids[i : i + batch]) for i in range(0, len(ids), batch)]
        )

    def token_lengths(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([len(ids) for ids in self.embedder.token_ids(texts)])


def onnx_embedder(
    graph: Path,
    threads: int = 0,
    precision: str | None = None,
    unsorted: bool = False,
    streams: int = 0,
) -> _OnnxPath:
    """Return the app's path over `graph`: ONNX Runtime, or OpenVINO in `precision` (`fp32`,
    `bf16`); optionally pinned to a number of threads (OpenVINO: in `streams` streams, by default
    one per thread), or batched in the given order, one batch at a time."""
    return _OnnxPath(graph, threads, precision, unsorted, streams)


def quantise_dynamic(graph: Path, folder: Path) -> Path:
    """Return an int8 copy of `graph`: weights per output channel, activations per batch."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target = folder / "int8-dynamic.onnx"
    quantize_dynamic(graph, target, weight_type=QuantType.QInt8, per_channel=True)
    return target


def quantise_static(graph: Path, folder: Path, calibration: list[str]) -> Path:
    """Return an int8 QDQ copy of `graph`: weights per channel, activation ranges calibrated
    (min-max) on `calibration` sentences."""
    from onnxruntime.quantization import (
        CalibrationDataReader,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    from checks.embed import PACKAGED_MODEL_ID
    from checks.model_setup import packaged_model_path
    from checks.onnx_embed import OnnxEmbedder

    tokenizer = OnnxEmbedder(packaged_model_path(), PACKAGED_MODEL_ID, graph=graph)

    class Batches(CalibrationDataReader):
        def __init__(self):
            ids = tokenizer.token_ids(calibration)
            self._feeds = iter([_feed(ids[i : i + 16]) for i in range(0, len(ids), 16)])

        def get_next(self):
            return next(self._feeds, None)

    target = folder / "int8-static.onnx"
    quantize_static(
        graph, target, Batches(), quant_format=QuantFormat.QDQ, per_channel=True,
        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul"],
    )  # fmt: skip
    return target


def _feed(batch: list[list[int]]) -> dict[str, np.ndarray]:
    width = max(len(row) for row in batch)
    ids = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for k, row in enumerate(batch):
        ids[k, : len(row)], mask[k, : len(row)] = row, 1
    return {"input_ids": ids, "attention_mask": mask}


def flops_per_sentence(lengths: np.ndarray) -> float:
    """Return the mean useful FLOPs per sentence: per layer, 12·d² multiply-adds per token in the
    dense layers and 2·L·d per token in attention; a multiply-add is 2 FLOPs."""
    lengths = lengths.astype(np.float64)
    per_layer = 24 * HIDDEN**2 * lengths + 4 * lengths**2 * HIDDEN
    return float(np.mean(LAYERS * per_layer))


@dataclass(frozen=True)
class PeakSpeed:
    """A CPU's peak arithmetic rate for one precision, and how it was computed."""

    gflops: float
    how: str


def cpu_peaks() -> dict[str, PeakSpeed]:
    """Return peak GFLOP/s (GOP/s for int8) per precision from /proc/cpuinfo's flags, the
    nominal clock and the CPUs this process may use."""
    from checks.onnx_embed import cpu_threads

    with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
        info = handle.read(400_000)
    flags = set(next(line for line in info.splitlines() if line.startswith("flags")).split())
    ghz = float(next(line for line in info.splitlines() if "MHz" in line).split(":")[1]) / 1000
    cpus = cpu_threads()
    fp32 = 64 if "avx512f" in flags else 32 if "avx2" in flags else 8  # FLOP/cycle, 2 FMA ports
    amx = "amx_bf16" in flags
    bf16 = 2048 if amx else 128 if "avx512_bf16" in flags else fp32  # AMX: 1,024 MACs/cycle
    int8 = 4096 if "amx_int8" in flags else 256 if "avx512_vnni" in flags else fp32
    clock = f"{cpus} CPUs × {ghz:.2f} GHz (nominal, /proc/cpuinfo)"
    amx_int8 = "amx_int8" in flags
    return {
        "fp32": PeakSpeed(cpus * ghz * fp32, f"fp32 peak: {clock} × {fp32} FLOP/cycle "
                          "(AVX-512: two 16-lane FMA ports)."),
        "bf16": PeakSpeed(cpus * ghz * bf16, f"bf16 peak: × {bf16} FLOP/cycle "
                          f"({'AMX tiles' if amx else 'AVX512-BF16'})."),
        "int8": PeakSpeed(cpus * ghz * int8, f"int8 peak: × {int8} OP/cycle "
                          f"({'AMX-INT8' if amx_int8 else 'VNNI'})."),
    }  # fmt: skip
