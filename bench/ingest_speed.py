"""End-to-end ingest of the 33 debate transcripts through `python -m checks ingest`, then a
second run that must add nothing; side by side with older checkouts named by `$CLAIMDESK_BASE`
(git worktrees, separated by `:`), each run in the same way in the same benchmark run."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, Timer, shared_data, table


def ingest(db: Path, files: list[Path], cwd: Path = ROOT) -> tuple[float, float, list[dict]]:
    """Run `ingest --format json` over all files in one process started in `cwd`; return wall
    seconds, CPU seconds (user + system of the process) and its results."""
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMDESK_MODEL", "CLAIMDESK_DB")}
    args = [sys.executable, "-m", "checks", "ingest", *map(str, files), "--format", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with Timer() as timer:
        done = subprocess.run(
            [*args, "--db", str(db)], cwd=cwd, env=env, capture_output=True, text=True
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(f"ingest in {cwd} failed: {done.stderr[-1000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return timer.seconds, cpu, [json.loads(line) for line in done.stdout.splitlines()]


def bases() -> list[Path]:
    """Return the older checkouts to compare with, from `$CLAIMDESK_BASE`."""
    named = os.environ.get("CLAIMDESK_BASE", "")
    return [Path(p) for p in named.split(os.pathsep) if p]


def _commit(folder: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    )
    return done.stdout.strip()[:70] or str(folder)


def main() -> str:
    """Return the Markdown section of this benchmark."""
    files = sorted((shared_data() / "transcripts").glob("*.txt"))
    # a quick look on a busy machine: only the first N transcripts (the section says how many)
    files = files[: int(os.environ.get("CLAIMDESK_BENCH_TRANSCRIPTS") or len(files))]
    rows, walls = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for number, base in enumerate(bases()):
            wall, cpu, results = ingest(Path(tmp) / f"base{number}.db", files, cwd=base)
            walls[base] = (wall, cpu, results)
        db = Path(tmp) / "ingest.db"
        first, first_cpu, results = ingest(db, files)
        again, again_cpu, repeat = ingest(db, files)
    claims = sum(r["claims"] for r in results)
    sentences = sum(r["sentences"] for r in results)
    megabytes = sum(f.stat().st_size for f in files) / 2**20
    rows = [
        ["this checkout, first run", sum(r["added"] for r in results), sentences, claims,
         f"{first:.1f}", f"{first_cpu:.1f}", f"{claims / first:.0f}", "-"],
        ["this checkout, second run", sum(r["added"] for r in repeat), 0, 0, f"{again:.1f}",
         f"{again_cpu:.1f}", "-", "-"],
    ]  # fmt: skip
    for base, (wall, cpu, done) in walls.items():
        rows.append(
            [f"`{base}` ({_commit(base)})", sum(r["added"] for r in done),
             sum(r["sentences"] for r in done), sum(r["claims"] for r in done), f"{wall:.1f}",
             f"{cpu:.1f}", f"{sum(r['claims'] for r in done) / wall:.0f}",
             f"{wall / first:.2f}× wall, {cpu / first_cpu:.2f}× CPU"]
        )  # fmt: skip
    return "\n".join(
        [
            "## Ingest speed",
            "",
            f"`python -m checks ingest TRANSCRIPTS... --format json` on the {len(files)} debate "
            f"transcripts ({megabytes:.1f} MiB), real model, fresh database; one process "
            "(includes loading the model); each document is one transaction. Older checkouts "
            "(`$CLAIMDESK_BASE`, git worktrees) run the same command first, in the same benchmark "
            "run; the last column is their time over this checkout's first run. CPU seconds are "
            "user + system time of the process, what it costs on an idle machine; wall seconds "
            "carry the load of others on this shared machine (1-minute load average at the end: "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs).",
            "",
            table(
                [
                    "run",
                    "added",
                    "sentences",
                    "claims",
                    "wall s",
                    "CPU s",
                    "claims/s",
                    "older code's time over ours",
                ],
                rows,
            ),  # fmt: skip
        ]
    )


if __name__ == "__main__":
    print(main())
