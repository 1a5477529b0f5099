"""Import and first search at scale: an archive of N generated claims imported with
`checks import` (fake embedder, so that the import's own work is timed), then the first search
of a fresh process on that database; time and each process's own peak RSS:
`python -m bench.import_scale [ROWS ...]` (default 100,000 and 1,000,000).

An archive file may hold 50 MB (`checks.archive.MAX_ARCHIVE_BYTES`), so larger archives are
imported as several files of at most FILE_ROWS rows, each its own archive, one after another.
"""

from __future__ import annotations

import csv
import os
import random
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, peak_run, table

SIZES = (100_000, 1_000_000)
FILE_ROWS = 250_000
QUERY = "Unemployment in the north fell by 12 percent in 2019"
LABELS = ("true", "false", "mostly-true", "mostly-false", "misleading")
_SUBJECTS = ("Unemployment", "Crime", "Rent", "Child poverty", "Hospital waiting time",
             "Tuition", "The deficit", "Petrol prices", "Knife crime", "Homelessness")  # fmt: skip
_PLACES = ("the north", "Leeds", "the capital", "rural areas", "Wales", "the south-west",
           "Glasgow", "the Midlands", "coastal towns", "Belfast")  # fmt: skip
_VERBS = ("fell", "rose", "doubled", "stayed flat", "grew")


def claim(rng: random.Random, row: int) -> str:
    """Return one generated claim: a subject, a place, a change, a figure and a year."""
    return (
        f"{rng.choice(_SUBJECTS)} in {rng.choice(_PLACES)} {rng.choice(_VERBS)} by "
        f"{rng.randint(1, 95)} percent in {1990 + rng.randint(0, 35)} (#{row})."
    )


def write_archives(folder: Path, rows: int, seed: int = 7) -> list[Path]:
    """Write `rows` generated claims as CSV files of at most FILE_ROWS rows; return them."""
    rng, paths = random.Random(seed), []
    for first in range(0, rows, FILE_ROWS):
        path = folder / f"archive-{first // FILE_ROWS + 1}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["id", "claim", "verdict"])
            for row in range(first, min(rows, first + FILE_ROWS)):
                out.writerow([f"c{row}", claim(rng, row), rng.choice(LABELS)])
        paths.append(path)
    return paths


def main(sizes: tuple[int, ...] = SIZES) -> str:
    """Return the Markdown section: import and first-search time and peak RSS per size."""
    env = {**os.environ, "CLAIMDESK_MODEL": "fake"}
    rows_out = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            db = folder / "bench.db"
            archives = write_archives(folder, size)
            seconds, peak = 0.0, 0.0
            for number, path in enumerate(archives, 1):
                args = ["-m", "checks", "import", str(path), "--archive", f"bench-{number}",
                        "--db", str(db)]  # fmt: skip
                megabytes, took, _ = peak_run(args, ROOT, env)
                seconds, peak = seconds + took, max(peak, megabytes)
                print(f"import_scale: {size:,} rows, file {number}/{len(archives)} in "
                      f"{took:.0f} s, {megabytes:.0f} MB", file=sys.stderr, flush=True)  # fmt: skip
            search = ["-m", "checks", "search", QUERY, "--db", str(db), "--format", "json"]
            search_mb, search_s, found = peak_run(search, ROOT, env)
            results = found.count('"claim_id"')
            rows_out.append([f"{size:,}", len(archives), f"{seconds:.0f}",
                             f"{size / seconds:,.0f}", f"{peak:.0f}", f"{search_s:.1f}",
                             f"{search_mb:.0f}", results])  # fmt: skip
            print(f"import_scale: {rows_out[-1]}", file=sys.stderr, flush=True)
    return "\n".join([
        "## Import and first search at scale",
        "",
        "An archive of generated claims (a subject, a place, a change, a percentage and a "
        "year; CSV with id, claim and verdict) imported by `checks import` with the fake "
        f"embedder, in files of at most {FILE_ROWS:,} rows (each its own archive, imported "
        "one after another into one SQLite database); then `checks search` (hybrid, k 10) "
        "in a fresh process, which builds the vector index on its first search. Peak MB is "
        "each process's own peak RSS (the largest of the imports). Times are wall seconds.",
        "",
        table(["claims", "files", "import s", "claims/s", "import peak MB",
               "first search s", "search peak MB", "results"], rows_out),  # fmt: skip
    ])  # fmt: skip


if __name__ == "__main__":
    print(main(tuple(int(a) for a in sys.argv[1:]) or SIZES))
