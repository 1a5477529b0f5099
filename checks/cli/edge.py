"""What every command shares: its errors as exit codes, the common flags, the database and
the embedder, JSON output, progress bars and reading input files."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from checks import config
from checks.errors import ClaimdeskError

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


def add_db(parser: argparse.ArgumentParser) -> None:
    """Add the `--db PATH` flag."""
    parser.add_argument("--db", help=DB_HELP)


def add_format(parser: argparse.ArgumentParser) -> None:
    """Add the `--format text|json|jsonl` flag of the commands that print results."""
    parser.add_argument("--format", choices=["text", "json", "jsonl"], default="text")


def open_db(args: argparse.Namespace):
    """Open the database named by --db (default $CLAIMDESK_DB, else data/claimdesk.db).

    Raises InvalidValue when the file is not an SQLite database or cannot be opened.
    """
    import sqlite3

    from checks.errors import InvalidValue
    from db.connection import open_database

    path = args.db or config.db_path()
    try:
        return open_database(path)
    except sqlite3.DatabaseError as err:
        raise InvalidValue(f"--db {path}: not a usable Claimdesk database ({err})") from None
    except OSError as err:
        raise InvalidValue(f"--db {path}: cannot be opened ({err.strerror or err})") from None


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

    Raises UnreadableDocument, and DocumentTooLarge over the cleaning size limit (a file's
    size is checked before it is read; stdin is read no further than the limit).
    """
    from checks.clean import MAX_BYTES
    from checks.errors import DocumentTooLarge

    if source == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise DocumentTooLarge(f"<stdin>: over the {MAX_BYTES // 2**20} MB limit")
        return data, "<stdin>"
    return _read_path(source, MAX_BYTES), source


def _read_path(source: str, limit: int) -> bytes:
    from checks.errors import DocumentTooLarge, UnreadableDocument

    path = Path(source)
    try:
        if not path.exists():
            raise UnreadableDocument(f"{source}: no such file")
        if path.is_dir():
            raise UnreadableDocument(f"{source}: is a directory, not a file")
        size = path.stat().st_size
        if size > limit:
            raise DocumentTooLarge(
                f"{source}: {size / 2**20:.1f} MB is over the {limit / 2**20:.1f} MB limit"
            )
        return path.read_bytes()
    except OSError as err:
        raise UnreadableDocument(f"{source}: cannot be read ({err.strerror})") from None
