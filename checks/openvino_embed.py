"""The exported ONNX graph run by OpenVINO: bf16 matrix work where the CPU multiplies bfloat16
natively (AMX or AVX512-BF16), fp32 elsewhere. Same tokenizer and batching as the ONNX Runtime
path; batches run as parallel streams (one per CPU, one thread each), and the compiled graph is
cached next to the exported one, so later processes start faster."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from checks import config
from checks.model_setup import cpu_has_bf16
from checks.onnx_embed import OnnxEmbedder, OnnxUnavailable, Progress, feed

PRECISIONS = {"bf16": "bf16", "fp32": "f32"}  # ours -> OpenVINO's inference precision hint
BATCHES_PER_REPORT = 8  # batches in flight between two progress reports


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
        streams: int = 0,
    ):
        self._precision = precision or ("bf16" if cpu_has_bf16() else "fp32")
        self._streams = streams
        self._lock = threading.Lock()  # one request queue; app sessions may share the embedder
        super().__init__(model_dir, model_id, graph, threads)
        self.precision = self._precision

    @staticmethod
    def _import_runtime() -> None:
        import openvino  # noqa: F401 - raises ImportError when it is not installed

    def _open(self, graph: Path, threads: int):
        """Compile `graph` for `threads` CPUs: as many streams as CPUs, one thread each, unless
        `streams` says otherwise (independent batches need no thread barriers between CPUs)."""
        import openvino

        streams = self._streams or threads
        core = openvino.Core()
        settings = {
            "INFERENCE_PRECISION_HINT": PRECISIONS[self._precision],
            "INFERENCE_NUM_THREADS": threads,
            "NUM_STREAMS": streams,
            "PERFORMANCE_HINT": "THROUGHPUT" if streams > 1 else "LATENCY",
        }
        try:
            core.set_property({"CACHE_DIR": str(config.cache_dir() / "openvino")})
            compiled = core.compile_model(str(graph), "CPU", settings)
        except (RuntimeError, OSError) as error:
            raise OnnxUnavailable(f"{graph}: OpenVINO cannot compile it: {error}") from None
        self.dimension = int(compiled.output(0).get_partial_shape()[-1].get_length())
        return openvino.AsyncInferQueue(compiled, streams)

    def embed(
        self, texts: Sequence[str], batch_size: int = 32, progress: Progress | None = None
    ) -> np.ndarray:
        """Return normalised embeddings; texts of similar token length share a batch, and the
        streams work on different batches at once."""
        ids = self.token_ids(texts)
        out = np.zeros((len(ids), self.dimension), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]), reverse=True)
        batches = [order[b : b + batch_size] for b in range(0, len(order), batch_size)]

        def finished(request, rows: list[int]) -> None:
            out[rows] = request.get_output_tensor(0).data  # copied: the request reuses it

        with self._lock:
            self._session.set_callback(finished)
            for begin in range(0, len(batches), BATCHES_PER_REPORT):
                for rows in batches[begin : begin + BATCHES_PER_REPORT]:
                    self._session.start_async(feed([ids[i] for i in rows]), rows)
                self._session.wait_all()
                if progress:
                    done = sum(map(len, batches[: begin + BATCHES_PER_REPORT]))
                    progress(done, len(ids))
        return out

    def _infer(self, inputs: dict[str, np.ndarray]) -> np.ndarray:
        rows = list(range(len(inputs["input_ids"])))
        out = np.zeros((len(rows), self.dimension), dtype=np.float32)

        def finished(request, _: object) -> None:
            out[:] = request.get_output_tensor(0).data

        with self._lock:
            self._session.set_callback(finished)
            self._session.start_async(inputs, None)
            self._session.wait_all()
        return out
