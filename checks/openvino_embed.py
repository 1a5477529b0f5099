"""The exported ONNX graph run by OpenVINO: bf16 matrix work where the CPU multiplies bfloat16
natively (AMX or AVX512-BF16), fp32 elsewhere. Same tokenizer and batching as the ONNX Runtime
path; the compiled graph is cached next to the exported one, so later processes start faster."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from checks import config
from checks.onnx_embed import OnnxEmbedder, OnnxUnavailable

PRECISIONS = {"bf16": "bf16", "fp32": "f32"}  # ours -> OpenVINO's inference precision hint


class OpenVinoEmbedder(OnnxEmbedder):
    """Sentence embeddings from OpenVINO; bf16 agrees with fp32 sentence-transformers within
    what bench.embedding_speed checks (top-10 neighbours, CLEF MAP@5)."""

    runtime = "OpenVINO"

    def __init__(
        self,
        model_dir: str | Path,
        model_id: str,
        graph: Path | None = None,
        threads: int = 0,
        precision: str | None = None,
    ):
        from checks.embed import cpu_has_bf16

        self._precision = precision or ("bf16" if cpu_has_bf16() else "fp32")
        self._lock = threading.Lock()  # one infer request; app sessions may share the embedder
        super().__init__(model_dir, model_id, graph, threads)
        self.precision = self._precision

    @staticmethod
    def _import_runtime() -> None:
        import openvino  # noqa: F401 - raises ImportError when it is not installed

    def _open(self, graph: Path, threads: int):
        import openvino

        core = openvino.Core()
        settings = {
            "INFERENCE_PRECISION_HINT": PRECISIONS[self._precision],
            "INFERENCE_NUM_THREADS": threads,
            "PERFORMANCE_HINT": "LATENCY",
        }
        try:
            core.set_property({"CACHE_DIR": str(config.cache_dir() / "openvino")})
            compiled = core.compile_model(str(graph), "CPU", settings)
        except (RuntimeError, OSError) as error:
            raise OnnxUnavailable(f"{graph}: OpenVINO cannot compile it: {error}") from None
        self.dimension = int(compiled.output(0).get_partial_shape()[-1].get_length())
        return compiled.create_infer_request()

    def _infer(self, feed: dict[str, np.ndarray]) -> np.ndarray:
        with self._lock:
            result = self._session.infer(feed)[0]
            return np.array(result, dtype=np.float32)  # a copy: the request reuses its memory
