"""End-to-end ingest of the 33 debate transcripts through `python -m checks ingest`, then a
second run that must add nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, Timer, shared_data, table


def ingest(db: Path, files: list[Path]) -> tuple[float, list[dict]]:
    """Run `ingest --format json` over all files in one process; return seconds and results."""
    env = {k: v for k, v in os.environ.items() if k != "CLAIMDESK_MODEL"}
    args = [sys.executable, "-m", "checks", "ingest", *map(str, files), "--format", "json"]
    with Timer() as timer:
        done = subprocess.run(
            [*args, "--db", str(db)], cwd=ROOT, env=env, capture_output=True, text=True
        )
    if done.returncode:
        raise RuntimeError(f"ingest failed: {done.stderr}")
    return timer.seconds, [json.loads(line) for line in done.stdout.splitlines()]


def main() -> str:
    """Return the Markdown section of this benchmark."""
    files = sorted((shared_data() / "transcripts").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ingest.db"
        first, results = ingest(db, files)
        again, repeat = ingest(db, files)
    claims = sum(r["claims"] for r in results)
    sentences = sum(r["sentences"] for r in results)
    megabytes = sum(f.stat().st_size for f in files) / 2**20
    rows = [
        ["first run", len(files), sum(r["added"] for r in results), sentences, claims,
         f"{first:.1f}", f"{claims / first:.0f}"],
        ["second run", len(files), sum(r["added"] for r in repeat), 0, 0, f"{again:.1f}", "-"],
    ]  # fmt: skip
    return "\n".join(
        [
            "## Ingest speed",
            "",
            f"`python -m checks ingest TRANSCRIPTS... --format json` on the {len(files)} debate "
            f"transcripts ({megabytes:.1f} MiB), real model, fresh database; one process "
            "(includes loading the model); each document is one transaction.",
            "",
            table(["run", "files", "added", "sentences", "claims", "seconds", "claims/s"], rows),
        ]
    )


if __name__ == "__main__":
    print(main())
