"""The exported-graph paths (OpenVINO, the default, and ONNX Runtime): exported once from the
packaged model, agreeing with sentence-transformers, never importing torch once exported, and
falling back (OpenVINO to ONNX Runtime to sentence-transformers) when one cannot run."""

import json
import subprocess
import sys

import numpy as np
import pytest

from checks import embed, model_setup, onnx_embed, openvino_embed
from checks.onnx_embed import OnnxUnavailable

SENTENCES = [
    "Europe has invested €178 billion in the war in Ukraine",
    "European countries have spent 178 billion euros on the Ukrainian war",
    "The recipe needs two eggs and a cup of flour",
    "Unemployment fell to 3.5 percent in September, the lowest rate in fifty years.",
    "Vaccines",
    "We have created more jobs in the last four years than in the previous twelve combined, "
    "and wages are rising faster for the lowest paid workers than for anyone else in the country.",
]


def _model_folder(tmp_path, pooling: dict, modules=("Transformer", "Pooling", "Normalize")):
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(pooling))
    listing = [{"type": f"sentence_transformers.models.{name}"} for name in modules]
    (tmp_path / "modules.json").write_text(json.dumps(listing))
    (tmp_path / "sentence_bert_config.json").write_text('{"max_seq_length": 128}')
    (tmp_path / "tokenizer.json").write_text("{}")
    return tmp_path


@pytest.mark.parametrize(
    ("pooling", "modules", "problem"),
    [
        ({"pooling_mode_cls_token": True}, None, "mean-pooled"),
        ({"pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": True}, None, "mean-pooled"),
        ({"pooling_mode_mean_tokens": True}, ("Transformer", "Pooling"), "normalised"),
    ],
    ids=["cls", "mean-and-max", "no-normalize"],
)
def test_only_mean_pooled_normalised_models_run_on_onnx(tmp_path, pooling, modules, problem):
    folder = _model_folder(tmp_path, pooling, modules or ("Transformer", "Pooling", "Normalize"))
    with pytest.raises(OnnxUnavailable, match=problem):
        onnx_embed.OnnxEmbedder(folder, "other")


def test_plain_folder_is_not_a_sentence_transformers_model(tmp_path):
    with pytest.raises(OnnxUnavailable, match="not a sentence-transformers folder"):
        onnx_embed.OnnxEmbedder(tmp_path, "other")


def test_cache_folder_and_key(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "model"
    folder.mkdir()
    _model_folder(folder, {"pooling_mode_mean_tokens": True})
    first = onnx_embed.exported_path(folder)
    assert first.is_relative_to(tmp_path / "cache") and first.name == "model.onnx"
    (folder / "tokenizer.json").write_text('{"changed": true}')  # another model, another key
    assert onnx_embed.exported_path(folder) != first


@pytest.mark.model
def test_onnx_exports_once_and_agrees_with_sentence_transformers(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_CACHE", str(tmp_path))
    path = model_setup.packaged_model_path()
    fast = embed.load_model(path, embed.PACKAGED_MODEL_ID, backend="onnx")
    assert isinstance(fast, onnx_embed.OnnxEmbedder) and fast.graph.is_relative_to(tmp_path)
    exported = fast.graph.stat().st_mtime_ns
    reference = embed.SentenceTransformerEmbedder(path, embed.PACKAGED_MODEL_ID, precision="fp32")
    a, b = fast.embed(SENTENCES, batch_size=4), reference.embed(SENTENCES)
    assert a.shape == (len(SENTENCES), 384) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert (a * b).sum(axis=1).min() > 0.9999
    assert a[0] @ a[1] > 0.75 and a[0] @ a[2] < 0.2
    again = embed.load_model(path, embed.PACKAGED_MODEL_ID, backend="onnx")
    assert again.graph == fast.graph and again.graph.stat().st_mtime_ns == exported


@pytest.mark.model
@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_openvino_agrees_with_sentence_transformers(tmp_path, monkeypatch, precision):
    monkeypatch.setenv("CLAIMDESK_CACHE", str(tmp_path))
    path = model_setup.packaged_model_path()
    fast = openvino_embed.OpenVinoEmbedder(path, embed.PACKAGED_MODEL_ID, precision=precision)
    assert fast.precision == precision and fast.graph.is_relative_to(tmp_path)
    reference = embed.SentenceTransformerEmbedder(path, embed.PACKAGED_MODEL_ID, precision="fp32")
    a, b = fast.embed(SENTENCES, batch_size=4), reference.embed(SENTENCES)
    assert a.shape == (len(SENTENCES), 384) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-3)
    # bf16 keeps 8 bits of mantissa: bench.embedding_speed measures the neighbours it keeps
    assert (a * b).sum(axis=1).min() > (0.9999 if precision == "fp32" else 0.999)
    assert a[0] @ a[1] > 0.75 and a[0] @ a[2] < 0.2
    assert (tmp_path / "openvino").is_dir()  # the compiled graph is cached for the next start


def test_default_backend_is_openvino_in_bf16_where_the_cpu_has_it(monkeypatch):
    monkeypatch.delenv("CLAIMDESK_EMBEDDER", raising=False)
    assert embed.config.embed_backend() == "openvino"
    expected = "bf16" if model_setup.cpu_has_bf16() else "fp32"
    monkeypatch.setattr(onnx_embed.OnnxEmbedder, "__init__", lambda self, *a, **k: None)
    assert openvino_embed.OpenVinoEmbedder("folder", "id")._precision == expected


@pytest.mark.model
def test_exported_path_never_imports_torch(real_embedder):
    real_embedder.embed(["export the graph into the user cache first, if needed"])
    code = (
        "import json, sys\nfrom checks.embed import load_embedder\n"
        "embedder = load_embedder('')\nvectors = embedder.embed(['a claim about 5 percent'])\n"
        "heavy = [m for m in ('torch', 'transformers', 'sentence_transformers')\n"
        "         if m in sys.modules]\n"
        "print(json.dumps([type(embedder.loaded).__name__, heavy, list(vectors.shape)]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == ["OpenVinoEmbedder", [], [1, 384]]


@pytest.mark.model
@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ("no-openvino", onnx_embed.OnnxEmbedder),
        ("no-runtime", embed.SentenceTransformerEmbedder),
        ("export-fails", embed.SentenceTransformerEmbedder),
    ],
)
def test_falls_back(failure, expected, tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMDESK_EMBEDDER", raising=False)
    monkeypatch.setitem(sys.modules, "openvino", None)  # import raises ImportError
    if failure == "no-runtime":
        monkeypatch.setitem(sys.modules, "onnxruntime", None)
    elif failure == "export-fails":
        monkeypatch.setenv("CLAIMDESK_CACHE", str(tmp_path))  # nothing exported there yet

        def broken(model_dir, target):
            raise OnnxUnavailable(f"{model_dir}: ONNX export failed: simulated")

        monkeypatch.setattr(onnx_embed, "export", broken)
    embedder = embed.load_model(model_setup.packaged_model_path(), embed.PACKAGED_MODEL_ID)
    assert type(embedder) is expected
    assert embedder.model_id == embed.PACKAGED_MODEL_ID
    assert "openvino" in " ".join(embed.FALLBACKS).lower()
    if failure != "no-openvino":
        assert "onnxruntime" in embed.FALLBACKS[-1] or "simulated" in embed.FALLBACKS[-1]
    claim, paraphrase = embedder.embed(SENTENCES[:2])
    assert claim @ paraphrase > 0.75
