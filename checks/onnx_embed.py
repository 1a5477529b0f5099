"""A sentence-transformers model run by ONNX Runtime, tokenised with `tokenizers`: the same
vectors without importing torch. The graph is exported once from the local model, then cached."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from checks import config
from checks.model_setup import offline_models

# Bump when the exported graph changes, so caches from an older export are not reused.
EXPORT_VERSION = 1
OPSET = 17
Progress = Callable[[int, int], None]


class OnnxUnavailable(Exception):
    "ONNX Runtime or tokenizers is missing, the model is not a mean-pooled one, or export failed"


def _read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _check_layout(model_dir: Path) -> int:
    """Return the model's max_seq_length; raise OnnxUnavailable unless it is a plain
    Transformer → mean Pooling → Normalize model with a tokenizer.json."""
    try:
        modules = [m["type"].rsplit(".", 1)[-1] for m in _read_json(model_dir / "modules.json")]
        pooling = _read_json(model_dir / "1_Pooling" / "config.json")
        settings = _read_json(model_dir / "sentence_bert_config.json")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise OnnxUnavailable(
            f"{model_dir}: not a sentence-transformers folder ({error})"
        ) from None
    mean_only = pooling.get("pooling_mode_mean_tokens") and not any(
        value
        for key, value in pooling.items()
        if key.startswith("pooling_mode_") and key != "pooling_mode_mean_tokens"
    )
    if modules != ["Transformer", "Pooling", "Normalize"] or not mean_only:
        raise OnnxUnavailable(f"{model_dir}: only mean-pooled, normalised models run on ONNX")
    if not (model_dir / "tokenizer.json").is_file():
        raise OnnxUnavailable(f"{model_dir}: no tokenizer.json")
    return int(settings.get("max_seq_length") or 256)


def fingerprint(model_dir: Path) -> str:
    """Return a key for the model's files (path, sizes, modification times) and this exporter."""
    digest = hashlib.sha256(f"{model_dir.resolve()}|{EXPORT_VERSION}|{OPSET}".encode())
    for path in sorted(model_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            stat = path.stat()
            digest.update(
                f"|{path.relative_to(model_dir)}:{stat.st_size}:{stat.st_mtime_ns}".encode()
            )
    return digest.hexdigest()[:20]


def exported_path(model_dir: Path) -> Path:
    """Return where the exported graph of `model_dir` lives in the user cache folder."""
    return config.cache_dir() / "onnx" / f"{model_dir.name}-{fingerprint(model_dir)}" / "model.onnx"


def export(model_dir: Path, target: Path) -> None:
    """Export `model_dir` (transformer, mean pooling, normalisation) to an ONNX file at `target`.
    Imports torch: this runs once per model and machine. Raises OnnxUnavailable on failure."""
    offline_models()
    try:
        import torch
        from transformers import AutoModel
        from transformers.utils import logging as hf_logging
    except ImportError as error:
        raise OnnxUnavailable(f"cannot export without torch and transformers: {error}") from None
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    # Eager attention traces into plain MatMul/Softmax; SDPA's Python branches do not trace.
    model = AutoModel.from_pretrained(
        str(model_dir), attn_implementation="eager", local_files_only=True
    )
    partial = ""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".partial")
        os.close(handle)
        _trace(torch, _MeanPooled(torch, model.eval()), partial)
        os.replace(partial, target)  # another process exporting at once writes the same file
    except (RuntimeError, ValueError, TypeError, OSError) as error:
        raise OnnxUnavailable(f"{model_dir}: ONNX export failed: {error}") from None
    finally:
        if partial and os.path.exists(partial):
            os.unlink(partial)


def _MeanPooled(torch, model):  # noqa: N802 - builds a torch.nn.Module subclass lazily
    class MeanPooled(torch.nn.Module):
        """The transformer, masked mean pooling and L2 normalisation in one graph."""

        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            hidden = self.model(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=-1)

    return MeanPooled()


def _trace(torch, module, path: str) -> None:
    import warnings

    example = torch.ones(2, 8, dtype=torch.long)
    dynamic = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer warnings are about Python branches we avoid
        torch.onnx.export(
            module,
            (example, example),
            path,
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": dynamic,
                "attention_mask": dynamic,
                "embedding": {0: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,
        )


def ensure_exported(model_dir: Path) -> Path:
    """Return the cached ONNX graph of `model_dir`, exporting it first if it is not there."""
    _check_layout(model_dir)
    target = exported_path(model_dir)
    if not target.is_file():
        export(model_dir, target)
    return target


def cpu_threads() -> int:
    """Return the number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def feed(batch: list[list[int]]) -> dict[str, np.ndarray]:
    """Return the graph's inputs for a batch of token ids, padded to the longest."""
    width = max(len(row) for row in batch)
    input_ids = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=np.int64)
    for k, row in enumerate(batch):
        input_ids[k, : len(row)] = row
        mask[k, : len(row)] = 1
    return {"input_ids": input_ids, "attention_mask": mask}


class OnnxEmbedder:
    """Sentence embeddings from ONNX Runtime; agrees with sentence-transformers in fp32."""

    dimension = 384
    runtime = "ONNX Runtime"

    def __init__(
        self, model_dir: str | Path, model_id: str, graph: Path | None = None, threads: int = 0
    ):
        try:
            self._import_runtime()
            from tokenizers import Tokenizer
        except ImportError as error:
            raise OnnxUnavailable(
                f"{self.runtime} needs its package and tokenizers: {error}"
            ) from None
        model_dir = Path(model_dir)
        max_tokens = _check_layout(model_dir)
        graph = graph or ensure_exported(model_dir)
        self.model_id = model_id
        self.precision = "fp32"
        self.graph = graph
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.no_padding()
        self._session = self._open(graph, threads or cpu_threads())

    @staticmethod
    def _import_runtime() -> None:
        import onnxruntime  # noqa: F401 - raises ImportError when it is not installed

    def _open(self, graph: Path, threads: int):
        """Return the runtime's session over `graph`; raises OnnxUnavailable."""
        import onnxruntime
        from onnxruntime.capi import onnxruntime_pybind11_state as state

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3  # errors only: library chatter never reaches the user
        try:
            session = onnxruntime.InferenceSession(
                str(graph), options, providers=["CPUExecutionProvider"]
            )
        except (state.Fail, state.InvalidGraph, state.InvalidProtobuf, state.NoSuchFile) as error:
            raise OnnxUnavailable(f"{graph}: ONNX Runtime cannot load it: {error}") from None
        self.dimension = int(session.get_outputs()[0].shape[-1] or self.dimension)
        return session

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Return the token ids of each text, special tokens included, truncated as the model is."""
        return [encoding.ids for encoding in self._tokenizer.encode_batch(list(texts))]

    def embed(
        self, texts: Sequence[str], batch_size: int = 32, progress: Progress | None = None
    ) -> np.ndarray:
        """Return normalised embeddings; texts of similar token length share a batch, so
        little padding is computed."""
        ids = self.token_ids(texts)
        out = np.zeros((len(ids), self.dimension), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]), reverse=True)
        for begin in range(0, len(order), batch_size):
            rows = order[begin : begin + batch_size]
            out[rows] = self._run([ids[i] for i in rows])
            if progress:
                progress(min(begin + batch_size, len(ids)), len(ids))
        return out

    def _run(self, batch: list[list[int]]) -> np.ndarray:
        return self._infer(feed(batch))

    def _infer(self, feed: dict[str, np.ndarray]) -> np.ndarray:
        return self._session.run(None, feed)[0].astype(np.float32, copy=False)
