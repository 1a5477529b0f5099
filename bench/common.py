"""Paths and small helpers shared by the benchmarks."""

from __future__ import annotations

import sys
import time
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
