"""Export peak memory: the whole report of 100k and 1M reviewed claims written by
`checks export --out` in a fresh process, its peak RSS, against the code before the export
streamed (main at OLD_COMMIT, run from a `git archive` copy) on the same database in the same
run, and both outputs compared byte for byte: `python -m bench.export_memory [--new-only]
[CLAIMS ...]` (--new-only: this code alone, no comparison; the old code needs ~10 GB at 1M)."""

from __future__ import annotations

import filecmp
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench.common import ROOT, Timer, peak_run, table
from bench.export import generate

SIZES = (100_000, 1_000_000)
SEED_CLAIMS = 50_000  # generated claim by claim (bench.export), then copied in SQL to each size
FORMATS = ("csv", "claimreview", "markdown")
OLD_COMMIT = "a8c4c07"  # main just before the export streamed (issue 17)
# Offsets per copied table: the id and the references that must point into the same copy.
_REFERENCES = {
    "documents": ("id",),
    "sentences": ("id", "document_id"),
    "claims": ("id", "document_id", "sentence_id"),
    "quantities": ("id", "claim_id"),
    "verdicts": ("id", "claim_id"),
}
_OWNERS = {"id": None, "document_id": "documents", "sentence_id": "sentences", "claim_id": "claims"}


def grow(path: Path, claims: int) -> int:
    """Copy the documents of `path` (with their sentences, claims, quantities and verdicts)
    until it holds at least `claims` claims; return the count. The FTS trigger is dropped
    first: a benchmark database is never searched."""
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER IF EXISTS claims_ai")
    top = {t: connection.execute(f"SELECT max(id) FROM {t}").fetchone()[0] for t in _REFERENCES}
    have = connection.execute("SELECT count(*) FROM claims").fetchone()[0]
    base, copy = have, 1
    while have < claims:
        for name, moved in _REFERENCES.items():
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({name})")]
            values = []
            for column in columns:
                owner = name if column == "id" else _OWNERS.get(column)
                if column in moved:
                    values.append(f'"{column}" + {copy * top[owner]}')
                elif column == "sha256":  # unique per copy, across calls too
                    values.append(f"sha256 || '-{copy * top['documents']}'")
                else:
                    values.append(f'"{column}"')
            names = ", ".join(f'"{c}"' for c in columns)
            connection.execute(
                f"INSERT INTO {name} ({names}) SELECT {', '.join(values)} FROM {name} "
                f"WHERE id <= {top[name]}"
            )
        connection.commit()
        have, copy = have + base, copy + 1
    connection.close()
    return have


def peak_export(code: Path, db_path: Path | str, fmt: str, out: Path) -> tuple[float, float]:
    """Run `python -m checks export --format FMT --out OUT` from `code`; return its peak RSS
    in MB (the export process's own ru_maxrss, not inherited from this one) and its wall
    seconds."""
    env = {**os.environ, "CLAIMDESK_DB": str(db_path), "CLAIMDESK_MODEL": "fake",
           "CLAIMDESK_REVIEW_URL": "https://desk.example/?claim={id}"}  # fmt: skip
    args = ["-m", "checks", "export", "--format", fmt, "--out", str(out), "--db", str(db_path)]
    megabytes, seconds, _ = peak_run(args, code, env)
    return megabytes, seconds


def old_code(folder: Path, commit: str = OLD_COMMIT) -> Path | None:
    """Return a copy of the code at `commit` (None when git or the commit is missing)."""
    archive = folder / "old.tar"
    done = subprocess.run(["git", "archive", "-o", str(archive), commit], cwd=ROOT,
                          capture_output=True)  # fmt: skip
    if done.returncode != 0:
        return None
    code = folder / "old"
    with tarfile.open(archive) as tar:
        tar.extractall(code, filter="data")
    archive.unlink()
    return code


def main(sizes: tuple[int, ...] = SIZES, compare: bool = True) -> str:
    """Return the Markdown section: peak RSS and time per format and size, old and new
    (this code alone when `compare` is False)."""
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        old = old_code(folder) if compare else None
        path = folder / "bench.db"
        with Timer() as setup:
            generate(path, SEED_CLAIMS)
        for size in sizes:
            with Timer() as grown:
                claims = grow(path, size)
            for fmt in FORMATS:
                new_out, old_out = folder / f"new.{fmt}", folder / f"old.{fmt}"
                new_mb, new_s = peak_export(ROOT, path, fmt, new_out)
                old_mb, old_s, same = float("nan"), float("nan"), "n/a"
                if old is not None:
                    old_mb, old_s = peak_export(old, path, fmt, old_out)
                    same = "yes" if filecmp.cmp(new_out, old_out, shallow=False) else "NO"
                    old_out.unlink()
                size_mb = new_out.stat().st_size / 1e6
                new_out.unlink()
                rows.append([f"{claims:,}", fmt, f"{size_mb:.0f}", f"{new_mb:.0f}",
                             f"{old_mb:.0f}", f"{new_s:.0f}", f"{old_s:.0f}", same])  # fmt: skip
                print(f"export_memory: {rows[-1]}", file=sys.stderr, flush=True)
            print(f"export_memory: {claims:,} claims done (grown in {grown.seconds:.0f} s)",
                  file=sys.stderr, flush=True)  # fmt: skip
    return "\n".join([
        "## Export memory",
        "",
        "Peak RSS of `checks export --out` in a fresh process (its own ru_maxrss, not "
        "inherited from the bench: `peak_export`) on a "
        f"generated database ({SEED_CLAIMS:,} reviewed claims made by `bench.export`, setup "
        f"{setup.seconds:.0f} s, then copied in SQL up to each size). *Old* is the code at "
        f"{OLD_COMMIT} (rows in a list, the report built in memory) run on the same database "
        "in the same run; *same* compares the two outputs byte for byte. Times are wall "
        "seconds on a shared machine: compare them only within a row.",
        "",
        table(["claims", "format", "report MB", "peak MB", "old peak MB", "s", "old s", "same"],
              rows),  # fmt: skip
    ])  # fmt: skip


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--new-only"]
    print(main(tuple(int(a) for a in arguments) or SIZES, compare="--new-only" not in sys.argv))
