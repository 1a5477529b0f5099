"""Run every benchmark and write bench/RESULTS.md: `python -m bench.run [NAME ...]`."""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time
import traceback

from bench.common import ROOT

# Each module has `main() -> str` returning a Markdown section; order is the report's order.
BENCHMARKS: list[str] = [
    "quantities",
    "segment",
    "export",
    "checkworthiness",
    "claim_matching",
    "search_scale",
    "embedding_speed",
    "ingest_speed",
    "review_page",
    "soak",
    "make_run",
]


def main(names: list[str]) -> int:
    """Run the named benchmarks (default: all), writing bench/RESULTS.md after each one, so a
    failure keeps what was measured before it. Returns 1 when any benchmark failed."""
    sections = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {time.strftime('%Y-%m-%d %H:%M')} "
        f"({platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}). Each section says how to re-run it alone.",
    ]
    failed = []
    for name in names or BENCHMARKS:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            section = importlib.import_module(f"bench.{name}").main()
        except Exception:  # noqa: BLE001 - reported in RESULTS.md, the run goes on
            failed.append(name)
            section = f"## {name}\n\nFAILED:\n\n```\n{traceback.format_exc()}```"
            print(section, file=sys.stderr)
        seconds = time.perf_counter() - started
        sections += ["", section, "", f"_`python -m bench.{name}`: {seconds:.0f} s._"]
        (ROOT / "bench" / "RESULTS.md").write_text("\n".join(sections) + "\n", encoding="utf-8")
    print(f"bench: wrote bench/RESULTS.md; failed: {failed or 'none'}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
