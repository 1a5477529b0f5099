"""Opening a Claimdesk database: connection, migration, transactions and the shared SQL pieces
(the time stamp, `IN (?, ...)` lists) every table module uses.

Every statement is issued with `?` placeholders through `database.query` (rows as dicts),
`database.execute` (writes, and reads as tuples) and `execute_many` below, so a second backend
only has to provide those calls.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from checks.errors import InvalidValue
from db.migrations import migrate

BUSY_TIMEOUT_MS = 15_000
CHUNK = 500  # values per `IN (?, ...)` list, well under SQLite's variable limit


def open_database(path: str | Path) -> Database:
    """Open (creating and migrating when needed) the database at `path`, WAL and FKs on."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    database = Database(conn)
    database.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    database.execute("PRAGMA foreign_keys = ON")
    database.enable_wal()
    database.execute("PRAGMA synchronous = NORMAL")
    migrate(database)
    return database


def database_file(database: Database) -> str:
    """Return the path of the database's main file ("" for an in-memory database)."""
    row = database.execute("PRAGMA database_list").fetchone()
    return row[2] or ""


@contextlib.contextmanager
def write_transaction(database: Database) -> Iterator[Database]:
    """Run the block in one IMMEDIATE transaction: all of it is written, or none.

    IMMEDIATE takes the write lock at the start, so concurrent writers wait on busy_timeout
    instead of failing with "database is locked" when a read turns into a write.
    """
    database.execute("BEGIN IMMEDIATE")
    try:
        yield database
    except BaseException:
        database.rollback()
        raise
    database.execute("COMMIT")


def execute_many(database: Database, sql: str, rows: Iterable[Sequence]) -> None:
    """Run one write statement once per row of parameters."""
    database.conn.executemany(sql, rows)


def now() -> str:
    """Return the current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def marks(values: Sequence) -> str:
    """Return the `?, ?, ...` placeholders of an `IN (...)` list for `values`."""
    return ",".join("?" * len(values))


def in_chunks(values: Iterable, size: int = CHUNK) -> Iterator[tuple[str, list]]:
    """Yield (placeholders, values) for `IN (...)` lists of at most `size` values each."""
    items = list(values)
    for begin in range(0, len(items), size):
        chunk = items[begin : begin + size]
        yield marks(chunk), chunk


def backup(database: Database, target: str | Path) -> int:
    """Write a consistent snapshot of the database to `target` (VACUUM INTO, which reads in
    one transaction while other connections keep writing); returns its size in bytes.

    Raises InvalidValue when `target` exists or its folder does not.
    """
    target = Path(target)
    if target.exists():
        raise InvalidValue(f"{target}: already exists; choose a new backup file name")
    if not target.parent.is_dir():
        raise InvalidValue(f"{target}: folder {target.parent} does not exist")
    database.execute("VACUUM INTO ?", [str(target)])
    return target.stat().st_size
