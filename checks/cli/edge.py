"""What every command shares: its errors as exit codes, the common flags, the database and
the embedder, JSON output, progress bars and reading input files."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from checks import config
from checks.errors import ClaimdeskError


def import_sqlite_utils_without_pandas() -> None:
    """Import sqlite-utils without letting it import pandas (about a second of CPU at start).

    sqlite-utils imports pandas only to map `pandas.Timestamp` to TEXT when it guesses a column
    type; the command line never stores a Timestamp, and a command that needs pandas imports it
    later as usual. Model-free commands must start in well under a second (DESIGN §4)."""
    if "pandas" in sys.modules or "sqlite_utils" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` now fails
    try:
        importlib.import_module("sqlite_utils")
    finally:
        del sys.modules["pandas"]


DB_HELP = "database file (default: $CLAIMDESK_DB, else data/claimdesk.db)"


def run(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one command: exit 2 with one line on stderr for bad input, 1 for a fault."""
    try:
        return command(args)
    except ClaimdeskError as err:
        print(f"error: {with_flag(err, args)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:
        if err.filename is None:  # not about a file the user named: an internal fault
            raise
        print(f"error: {err.filename}: {err.strerror or err}", file=sys.stderr)
        return 2


def with_flag(err: ClaimdeskError, args: argparse.Namespace) -> str:
    """Return the error's message, led by the flag of the input it is about when the command
    has one (`--since 2026-13-01: not a date ...`)."""
    flag = f"--{err.field.replace('_', '-')}" if err.field else ""
    return f"{flag} {err}" if flag in getattr(args, "flags", ()) else str(err)


FORMAT_HELP = "text for people (default), json or jsonl for programs"


def add_command(
    sub: argparse._SubParsersAction, name: str, summary: str, epilog: str | None = None
) -> argparse.ArgumentParser:
    """Add a command whose --help starts with `summary` (and ends with `epilog`, as written)."""
    return sub.add_parser(
        name,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_db(parser: argparse.ArgumentParser) -> None:
    """Add the `--db PATH` flag."""
    parser.add_argument("--db", metavar="PATH", help=DB_HELP)


def add_format(parser: argparse.ArgumentParser) -> None:
    """Add the `--format text|json|jsonl` flag of the commands that print results."""
    parser.add_argument(
        "--format", choices=["text", "json", "jsonl"], default="text", help=FORMAT_HELP
    )


def open_db(args: argparse.Namespace):
    """Open the database named by --db (default $CLAIMDESK_DB, else data/claimdesk.db).

    Raises InvalidValue when the file is not an SQLite database or cannot be opened, or the
    PostgreSQL server cannot be used.
    """
    import sqlite3

    from checks.errors import InvalidValue
    from db.connection import open_database

    path = args.db or config.db_path()
    if config.is_database_url(path):
        return _open_server(str(path))
    try:
        return open_database(path)
    except sqlite3.DatabaseError as err:
        raise InvalidValue(f"--db {path}: not a usable Claimdesk database ({err})") from None
    except OSError as err:
        raise InvalidValue(f"--db {path}: cannot be opened ({err.strerror or err})") from None


def _open_server(url: str):
    """Open a PostgreSQL database; raises InvalidValue (password left out) when it cannot."""
    import psycopg

    from checks.errors import InvalidValue
    from db.connection import open_database
    from db.postgres import redact

    try:
        return open_database(url)
    except psycopg.Error as err:
        reason = (str(err).strip().splitlines() or [type(err).__name__])[0]
        raise InvalidValue(f"--db {redact(url)}: cannot be used ({reason})") from None


def emit(args: argparse.Namespace, obj: object) -> None:
    """Print one JSON object (json, jsonl: one line each)."""
    indent = 2 if args.format == "json" else None
    print(json.dumps(obj, ensure_ascii=False, indent=indent))


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """Yield a progress(stage, done, total) callback drawing tqdm bars on a terminal stderr."""
    bars: dict = {}
    show = enabled and sys.stderr.isatty()

    def update(stage: str, done: int, total: int) -> None:
        if not show:
            return
        from tqdm import tqdm

        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.close()


def read_input(source: str) -> tuple[bytes, str]:
    """Return the bytes of FILE or '-' (stdin) and the name to show in messages.

    Raises UnreadableDocument (missing, a directory, a device or FIFO), and DocumentTooLarge
    over the cleaning size limit (read no further than the limit, whatever the size says).
    """
    from checks import files
    from checks.clean import MAX_BYTES

    if source == "-":
        return files.read_stdin_limited(MAX_BYTES), "<stdin>"
    return files.read_limited(source, MAX_BYTES), source
