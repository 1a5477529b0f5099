"""Run benchmarks and write bench/RESULTS.md: `python -m bench.run [NAME ...]`.

With no names every benchmark runs and RESULTS.md is written anew; with names, only those run
and their sections in the existing RESULTS.md are replaced (or appended), the rest kept.
"""

from __future__ import annotations

import importlib
import os
import platform
import re
import sys
import time
import traceback

from bench.common import ROOT

# Each module has `main() -> str` returning a Markdown section; order is the report's order.
BENCHMARKS: list[str] = [
    "quantities",
    "segment",
    "realdocs",
    "export",
    "export_memory",
    "export_memory_postgres",
    "import_scale",
    "checkworthiness",
    "claim_matching",
    "number_twins",
    "search_floor",
    "search_scale",
    "embedding_speed",
    "extract_speed",
    "extract_scale",
    "ingest_speed",
    "startup_speed",
    "review_page",
    "soak",
    "postgres_soak",
    "postgres_matching",
    "postgres_scale",
    "make_run",
]
RESULTS = ROOT / "bench" / "RESULTS.md"


def header() -> str:
    """Return the report's opening lines."""
    return (
        "# Benchmark results\n\n"
        f"Written by `make bench` on {time.strftime('%Y-%m-%d %H:%M')} "
        f"({platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}). Each section says how to re-run it alone."
    )


def run_one(name: str) -> tuple[str, bool]:
    """Return one benchmark's section, wrapped in markers, and whether it succeeded."""
    print(f"bench: {name} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    ok = True
    try:
        section = importlib.import_module(f"bench.{name}").main()
    except Exception:  # noqa: BLE001 - reported in RESULTS.md, the run goes on
        ok = False
        section = f"## {name}\n\nFAILED:\n\n```\n{traceback.format_exc()}```"
        print(section, file=sys.stderr)
    seconds = time.perf_counter() - started
    body = f"{section}\n\n_`python -m bench.{name}`: {seconds:.0f} s._"
    return f"<!-- bench:{name} -->\n{body}\n<!-- /bench:{name} -->", ok


def merge(report: str, name: str, block: str) -> str:
    """Return `report` with the marked section of `name` replaced by `block` (or appended)."""
    pattern = re.compile(rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->", re.S)
    if pattern.search(report):
        return pattern.sub(lambda _: block, report)
    return report.rstrip("\n") + "\n\n" + block + "\n"


def main(names: list[str]) -> int:
    """Run benchmarks, writing RESULTS.md after each one, so a failure keeps what was measured
    before it. Returns 1 when any benchmark failed."""
    everything = not names
    report = header() + "\n" if everything or not RESULTS.exists() else RESULTS.read_text()
    failed = []
    for name in names or BENCHMARKS:
        block, ok = run_one(name)
        failed += [] if ok else [name]
        report = merge(report, name, block)
        RESULTS.write_text(report, encoding="utf-8")
    print(f"bench: wrote {RESULTS}; failed: {failed or 'none'}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
