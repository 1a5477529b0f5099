"""Paths and small helpers shared by the benchmarks."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def shared_data() -> Path:
    """Return ../shared/data, or exit with a clear message when it is absent."""
    if not SHARED_DATA.is_dir():
        sys.exit(f"bench: {SHARED_DATA} is missing; benchmarks need the shared evaluation data")
    return SHARED_DATA


class Timer:
    """Context manager measuring wall seconds in `.seconds`."""

    def __enter__(self) -> Timer:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start


def table(header: list[str], rows: list[list[object]]) -> str:
    """Return a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [f"{c:.3f}" if isinstance(c, float) else str(c) for c in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# A process keeps the peak RSS of what it was before exec, and a child forked from a benchmark
# starts as a copy of it (databases generated in memory): the command runs as the child of a
# small launcher, whose own ru_maxrss from wait4 is then the command's alone.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def peak_run(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None
) -> tuple[float, float, str]:
    """Run `python ARGS` in `cwd`; return its own peak RSS in MB, its wall seconds and its
    standard output. Raises RuntimeError with its standard error when it fails."""
    with tempfile.TemporaryDirectory() as folder:
        peak = Path(folder) / "peak"
        command = [sys.executable, "-c", _LAUNCHER, str(peak), *args]
        with Timer() as timer:
            done = subprocess.run(command, cwd=cwd, env=dict(env or os.environ),
                                  capture_output=True, text=True)  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"python {' '.join(args)} failed: {done.stderr.strip()}")
        return int(peak.read_text()) / 1024, timer.seconds, done.stdout
