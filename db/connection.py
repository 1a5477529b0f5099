"""Opening a Claimdesk database: connection, migration, transactions and the shared SQL pieces
(the time stamp, `IN (?, ...)` lists) every table module uses.

Every statement is issued with `?` placeholders through `database.query` (rows as dicts),
`database.execute` (writes, and reads as tuples) and `execute_many` below, so a second backend
only has to provide those calls.
"""

from __future__ import annotations

import contextlib
import os
import secrets
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
    with _first_use_lock(path):
        database.enable_wal()
        migrate(database)
    database.execute("PRAGMA synchronous = NORMAL")
    return database


@contextlib.contextmanager
def _first_use_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock while the database is set up and migrated: four first uses of a
    new path at once would each create the tables ("table documents already exists") or race
    to switch the journal mode. The lock is a flock() on the database's folder, never on the
    database file: closing any handle of that file would drop SQLite's own locks on it in
    this process. Where there is no flock the block runs unlocked, as before."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system
        yield
        return
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the handle releases the flock


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
    # The copy is written under a temporary name beside the target and appears under its own
    # name only once whole and on disk: a kill leaves no half backup that blocks the retry.
    temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        database.execute("VACUUM INTO ?", [str(temporary)])
        _fsync(temporary)
        try:
            os.link(temporary, target)  # refuses to replace a file that appeared meanwhile
        except FileExistsError:
            raise InvalidValue(f"{target}: already exists; choose a new backup file name") from None
        except OSError:  # a file system without hard links
            os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    _fsync(target.parent)
    return target.stat().st_size


def _fsync(path: Path) -> None:
    """Flush a file or a folder's entries to disk (a folder only where the platform allows)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the data itself is already written
    finally:
        os.close(fd)
