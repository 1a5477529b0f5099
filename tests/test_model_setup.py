"""Tests of checks/model_setup.py: the packaged model's folder, offline mode, bf16 detection."""

from __future__ import annotations

import json
import os
from pathlib import Path

from checks import model_setup


def test_packaged_model_path_holds_the_model_files():
    folder = Path(model_setup.packaged_model_path())
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["hidden_size"] == 384
    assert (folder / "tokenizer.json").is_file()


def test_offline_models_switches_the_hub_off_and_keeps_a_chosen_verbosity(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("TRANSFORMERS_VERBOSITY", "info")
    monkeypatch.delenv("TOKENIZERS_PARALLELISM", raising=False)
    model_setup.offline_models()
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert os.environ["TRANSFORMERS_VERBOSITY"] == "info"  # a user's own setting stays
    assert os.environ["TOKENIZERS_PARALLELISM"] == "false"


def test_cpu_has_bf16_reads_the_cpu_flags(monkeypatch, tmp_path):
    flags = tmp_path / "cpuinfo"
    real_open = open

    def fake_open(path, *args, **kwargs):
        return real_open(flags if path == "/proc/cpuinfo" else path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    flags.write_text("flags\t: fpu sse avx512f avx512_bf16\n", encoding="ascii")
    assert model_setup.cpu_has_bf16() is True
    flags.write_text("flags\t: fpu sse avx2\n", encoding="ascii")
    assert model_setup.cpu_has_bf16() is False
    flags.unlink()
    assert model_setup.cpu_has_bf16() is False
