"""Sentence embedders: the packaged all-MiniLM-L6-v2 model (on OpenVINO or ONNX Runtime, else on
sentence-transformers), and a deterministic fake for tests."""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from checks import config
from checks.errors import InvalidValue
from checks.model_setup import cpu_has_bf16, offline_models, packaged_model_path

Progress = Callable[[int, int], None]
FAKE_DIMENSION = 384


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of one fixed dimension."""

    model_id: str
    dimension: int

    def embed(
        self, texts: Sequence[str], batch_size: int = 16, progress: Progress | None = None
    ) -> np.ndarray:
        """Return an array of shape (len(texts), dimension), rows of unit length."""
        ...


def content_hash(text: str) -> str:
    """Return the key under which a text's embedding is stored (sha256 of the UTF-8 text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


_FAKE_WORD = re.compile(r"\w+")
_FAKE_ROWS_PER_COUNT = 1024  # rows counted together: bounded memory for any number of texts


@functools.lru_cache(maxsize=1 << 16)  # words repeat: hash each once
def _word_hash(word: str) -> int:
    digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
    return int.from_bytes(digest[:4], "little")


class FakeEmbedder:
    """Deterministic bag-of-hashed-words vectors: shared words give a positive cosine."""

    model_id = "fake"
    dimension = FAKE_DIMENSION

    def embed(
        self, texts: Sequence[str], batch_size: int = 16, progress: Progress | None = None
    ) -> np.ndarray:
        """Return hashed-word vectors for `texts`; no model, no randomness."""
        texts, dimension = list(texts), self.dimension
        out = np.zeros((len(texts), dimension), dtype=np.float32)
        for begin in range(0, len(texts), _FAKE_ROWS_PER_COUNT):
            chunk = texts[begin : begin + _FAKE_ROWS_PER_COUNT]
            # Each word adds 1.0 to its hashed column: counted at once (small integers, exact).
            words = [_FAKE_WORD.findall(text.lower()) for text in chunk]
            hashes = np.fromiter(
                map(_word_hash, itertools.chain.from_iterable(words)),
                dtype=np.int64,
                count=sum(map(len, words)),
            )
            rows = np.repeat(np.arange(len(chunk), dtype=np.int64), list(map(len, words)))
            counts = np.bincount(
                rows * dimension + hashes % dimension, minlength=len(chunk) * dimension
            )
            out[begin : begin + len(chunk)] = counts.reshape(len(chunk), dimension)
            if progress:
                for row in range(begin + 1, begin + len(chunk) + 1):
                    if row % batch_size == 0:
                        progress(row, len(texts))
        if progress:
            progress(len(texts), len(texts))
        return _normalise(out)


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local folder, never from the hub."""

    def __init__(self, path: str, model_id: str, precision: str | None = None):
        offline_models()
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self.model_id = model_id
        self.dimension = int(self._model.get_embedding_dimension())
        self.precision = precision or ("bf16" if cpu_has_bf16() else "fp32")

    def embed(
        self, texts: Sequence[str], batch_size: int = 16, progress: Progress | None = None
    ) -> np.ndarray:
        """Return normalised embeddings, longest texts batched together for speed."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        for begin in range(0, len(order), batch_size):
            rows = order[begin : begin + batch_size]
            out[rows] = self._encode([texts[i] for i in rows], batch_size)
            if progress:
                progress(min(begin + batch_size, len(texts)), len(texts))
        return out

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        import torch

        # bf16 matrix work where the CPU has it: 2.7x faster here, cosine 0.99998 to fp32
        # (bench.embedding_speed measures both).
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision == "bf16"):
            vectors = self._model.encode(
                texts,
                batch_size=batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return _normalise(np.asarray(vectors, dtype=np.float32))


PACKAGED_MODEL_ID = "all-MiniLM-L6-v2"


BACKENDS = ("openvino", "onnx", "torch")  # each falls back to the next when it cannot run


def load_model(path: str, model_id: str, backend: str | None = None) -> Embedder:
    """Return the model at `path` on `backend` (default `$CLAIMDESK_EMBEDDER`): `openvino` (the
    exported graph, bf16 where the CPU has it), `onnx` (ONNX Runtime, fp32) or `torch`
    (sentence-transformers, the reference). A backend that cannot run here falls back to the next
    one, and says why in FALLBACKS. All agree within what bench.embedding_speed checks, so they
    share `model_id`."""
    from checks.onnx_embed import OnnxEmbedder, OnnxUnavailable

    chosen = backend or config.embed_backend()
    for name in BACKENDS[BACKENDS.index(chosen) if chosen in BACKENDS else 0 : -1]:
        try:
            if name == "openvino":
                from checks.openvino_embed import OpenVinoEmbedder

                return OpenVinoEmbedder(path, model_id=model_id)
            return OnnxEmbedder(path, model_id=model_id)
        except OnnxUnavailable as reason:
            FALLBACKS.append(str(reason))
    return SentenceTransformerEmbedder(path, model_id=model_id)


FALLBACKS: list[str] = []  # why a faster backend was not used, for `bench` and tests to show


class LazyEmbedder:
    """An embedder whose model loads on the first `embed` call, so commands and pages that
    never embed never pay for loading it. `model_id` is known without loading."""

    def __init__(self, setting: str):
        self._setting = setting
        self._loaded: Embedder | None = None
        self._lock = threading.Lock()  # app sessions share one instance: load it once
        self.model_id = os.path.basename(setting.rstrip("/")) if setting else PACKAGED_MODEL_ID

    @property
    def loaded(self) -> Embedder:
        """Return the underlying embedder, loading the model now if needed."""
        with self._lock:
            if self._loaded is None:
                self._loaded = load_model(self._setting or packaged_model_path(), self.model_id)
        return self._loaded

    @property
    def dimension(self) -> int:
        return self.loaded.dimension

    def embed(
        self, texts: Sequence[str], batch_size: int = 16, progress: Progress | None = None
    ) -> np.ndarray:
        """Return normalised embeddings of `texts`, loading the model first if needed."""
        return self.loaded.embed(texts, batch_size=batch_size, progress=progress)


def load_embedder(setting: str | None = None) -> Embedder:
    """Return the embedder named by `setting` (default `$CLAIMDESK_MODEL`): `fake`, a local
    model folder, or, when empty, the packaged all-MiniLM-L6-v2. Real models load lazily."""
    setting = setting if setting is not None else (config.model_setting() or "")
    if setting == "fake":
        return FakeEmbedder()
    if setting and not os.path.isdir(setting):
        raise InvalidValue(f"CLAIMDESK_MODEL={setting}: no such model folder (or use 'fake')")
    return LazyEmbedder(setting)


class PreEmbedded:
    """An embedder that embeds a batch of queries at once, then answers from memory (and
    embeds any other text on demand)."""

    def __init__(self, embedder: Embedder, texts: Sequence[str]):
        self.model_id = embedder.model_id
        self._embedder = embedder
        unique = list(dict.fromkeys(texts))
        self._vectors = dict(zip(unique, embedder.embed(unique), strict=True))

    @property
    def dimension(self) -> int:
        return self._embedder.dimension

    def embed(
        self, texts: Sequence[str], batch_size: int = 64, progress: Progress | None = None
    ) -> np.ndarray:
        """Return the vectors of `texts`, embedding only those not seen before."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self._embedder.embed(missing), strict=True))
        return np.stack([self._vectors[t] for t in texts])
