"""Run every benchmark and write bench/RESULTS.md: `python -m bench.run [NAME ...]`."""

from __future__ import annotations

import importlib
import platform
import sys
import time

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


def main(names: list[str]) -> None:
    """Run the named benchmarks (default: all) and write bench/RESULTS.md."""
    sections = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {time.strftime('%Y-%m-%d %H:%M')} "
        f"({platform.processor() or platform.machine()}, Python {platform.python_version()}).",
    ]
    for name in names or BENCHMARKS:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        module = importlib.import_module(f"bench.{name}")
        sections += ["", module.main()]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(sections) + "\n", encoding="utf-8")
    print("bench: wrote bench/RESULTS.md", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
