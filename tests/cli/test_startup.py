"""Start-up: the commands that need no model never import a model library, nor pandas
(DESIGN §4); checked from the import log of a fresh process (`python -X importtime`)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = {
    "torch", "transformers", "sentence_transformers", "onnxruntime", "openvino", "tokenizers",
    "pandas",
}  # fmt: skip


def imported_modules(*args: str) -> set[str]:
    """Run `python -m checks ARGS` in a fresh process with the real model configured; return
    every module it imported."""
    env = {k: v for k, v in os.environ.items() if k != "CLAIMDESK_MODEL"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "checks", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines}


@pytest.mark.parametrize(
    "args",
    [
        ("verdict", "{claim}", "false", "--reviewer", "Ana"),
        ("export",),
        ("export", "--format", "claimreview", "--all"),
        ("search", "rents", "--mode", "keyword"),
        ("documents", "--format", "json"),
    ],
    ids=["verdict", "export-csv", "export-claimreview", "keyword-search", "documents"],
)
def test_model_free_commands_import_no_model_library(database, add_doc, db_target, args):
    claim = add_doc("Rents fell by 3 percent last year.", "Fares rose 5 percent.")[0]
    path = db_target
    modules = imported_modules(*[a.format(claim=claim) for a in args], "--db", path)
    assert "checks.cli.main" in modules  # the log is read, not empty
    assert not modules & HEAVY
