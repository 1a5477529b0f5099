"""Export peak memory on PostgreSQL: the CSV report of N reviewed claims written by
`checks export --out` from a PostgreSQL database in a fresh process, its peak RSS at two sizes
(flat means streamed), against the code before the export read from a server-side cursor
(OLD_COMMIT, run from a `git archive` copy) and against the same export from SQLite, in the
same run, outputs compared byte for byte: `python -m bench.export_memory_postgres [CLAIMS ...]`.
Starts its own PostgreSQL (pgserver) in a temp folder, or uses the server of
$CLAIMDESK_TEST_PG."""

from __future__ import annotations

import filecmp
import sys
import tempfile
from pathlib import Path

import db.connection
from bench.common import ROOT, Timer, table
from bench.export import generate
from bench.export_memory import grow, old_code, peak_export
from db import transfer

SIZES = (50_000, 200_000, 400_000)
SEED_CLAIMS = 10_000  # generated claim by claim (bench.export), then copied in SQL to each size
FORMAT = "csv"
OLD_COMMIT = "d739bba"  # main before the PostgreSQL export read from a server-side cursor


def copy_to_postgres(path: Path, server_url: str) -> tuple[str, float]:
    """Copy the SQLite desk at `path` into a fresh PostgreSQL database (`checks copy`'s
    code); return its URL and the seconds the copy took."""
    from tests import postgres_support

    url = postgres_support.create_database(server_url)
    source, target = db.connection.open_database(path), db.connection.open_database(url)
    with Timer() as timer:
        transfer.copy_database(source, target)
    source.close()
    target.close()
    return url, timer.seconds


def main(sizes: tuple[int, ...] = SIZES) -> str:
    """Return the Markdown section: peak RSS and time per size, new and old code, PostgreSQL
    and SQLite."""
    from tests import postgres_support

    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        old = old_code(folder, OLD_COMMIT)
        server_url, server = postgres_support.start_server(folder / "pg")
        postgres_support.make_template(server_url)
        path = folder / "bench.db"
        with Timer() as setup:
            generate(path, SEED_CLAIMS)
        for size in sizes:
            claims = grow(path, size)
            url, copy_s = copy_to_postgres(path, server_url)
            outs = {k: folder / f"{k}.{FORMAT}" for k in ("new", "old", "sqlite")}
            new_mb, new_s = peak_export(ROOT, url, FORMAT, outs["new"])
            sqlite_mb, sqlite_s = peak_export(ROOT, path, FORMAT, outs["sqlite"])
            old_mb, old_s, same_old = float("nan"), float("nan"), "n/a"
            if old is not None:
                old_mb, old_s = peak_export(old, url, FORMAT, outs["old"])
                same_old = "yes" if filecmp.cmp(outs["new"], outs["old"], shallow=False) else "NO"
            same_sqlite = filecmp.cmp(outs["new"], outs["sqlite"], shallow=False)
            size_mb = outs["new"].stat().st_size / 1e6
            for out in outs.values():
                out.unlink(missing_ok=True)
            postgres_support.drop_database(server_url, url)
            rows.append([f"{claims:,}", f"{size_mb:.0f}", f"{new_mb:.0f}", f"{old_mb:.0f}",
                         f"{sqlite_mb:.0f}", f"{new_s:.0f}", f"{old_s:.0f}", f"{sqlite_s:.0f}",
                         same_old, "yes" if same_sqlite else "NO", f"{copy_s:.0f}"])  # fmt: skip
            print(f"export_memory_postgres: {rows[-1]}", file=sys.stderr, flush=True)
        del server
    return "\n".join([
        "## Export memory on PostgreSQL",
        "",
        f"Peak RSS of `checks export --format {FORMAT} --out` in a fresh process (its own "
        "ru_maxrss, not inherited from the bench: `peak_export`) from a PostgreSQL 18 "
        "database (pgserver, unix socket, same machine) holding "
        f"a generated desk ({SEED_CLAIMS:,} reviewed claims made by `bench.export`, setup "
        f"{setup.seconds:.0f} s, copied in SQL up to each size in SQLite, then into PostgreSQL "
        f"by `checks copy`'s code, *copy s*). *Old* is the code at {OLD_COMMIT} (psycopg's client "
        "cursor: the whole result in the client) on the same database in the same run; *SQLite* "
        "is the same export from the SQLite file the desk was copied from. *same* compares the "
        "outputs byte for byte. Times are wall seconds on a shared machine: compare them only "
        "within a row.",
        "",
        table(["claims", "report MB", "peak MB", "old peak MB", "SQLite peak MB", "s", "old s",
               "SQLite s", "same as old", "same as SQLite", "copy s"], rows),  # fmt: skip
    ])  # fmt: skip


if __name__ == "__main__":
    print(main(tuple(int(a) for a in sys.argv[1:]) or SIZES))
