"""Opening a Claimdesk database: connection, migration, transactions and the shared SQL pieces
(the time stamp, `IN (?, ...)` lists) every table module uses.

Every statement is issued with `?` placeholders through `database.query` (rows as dicts),
`database.execute` (writes, and reads as tuples), `execute_many`, `insert`, `insert_rows` and
`insert_many` below, and runs unchanged on SQLite and PostgreSQL; what really differs between
the two lives in db/sqlite.py and db/postgres.py, which offer the same functions
(`backend(database)` picks one).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from sqlite_utils import Database

from db import postgres, sqlite

CHUNK = 500  # values per `IN (?, ...)` list, well under SQLite's variable limit


def open_database(target: str | Path) -> Database:
    """Open (creating and migrating when needed) the database `target` names: a postgresql://
    URL selects PostgreSQL (db/postgres.py), anything else is an SQLite file (db/sqlite.py)."""
    if postgres.is_url(target):
        return postgres.open_database(str(target))
    return sqlite.open_database(target)


def backend(database: Database) -> ModuleType:
    """Return the module holding what differs for this database's engine, db.sqlite or
    db.postgres: keyword search, vector storage and search, DDL, transactions, backups."""
    return postgres if isinstance(database, postgres.PgDatabase) else sqlite


def indexes_vectors(database: Database) -> bool:
    """Return whether the database searches vectors itself (PostgreSQL's HNSW index); if not,
    the search workflow keeps an index in the process."""
    return backend(database).INDEXES_VECTORS


def database_file(database: Database) -> str:
    """Return what identifies the database: its file path ("" in memory), or its URL."""
    return backend(database).name(database)


@contextlib.contextmanager
def write_transaction(database: Database) -> Iterator[Database]:
    """Run the block in one transaction: all of it is written, or none (SQLite takes the write
    lock at the start; PostgreSQL locks the rows each statement writes)."""
    backend(database).begin(database)
    try:
        yield database
    except BaseException:
        database.rollback()
        raise
    database.execute("COMMIT")


def lock_key(database: Database, key: str) -> None:
    """Inside a write transaction, hold `key` until it ends, so "is it there? then add it"
    for that key is one step among parallel writers (SQLite: already so under its write lock;
    PostgreSQL, which locks rows only: an advisory lock)."""
    backend(database).lock_key(database, key)


def execute_many(database: Database, sql: str, rows: Iterable[Sequence]) -> None:
    """Run one write statement once per row of parameters."""
    backend(database).execute_many(database, sql, list(rows))


def insert(database: Database, table: str, row: dict) -> int:
    """Insert one row into a table with an `id` column; return its id."""
    row = _plain(row)
    columns = ", ".join(f'"{c}"' for c in row)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks(row)}) RETURNING id"
    return database.execute(sql, list(row.values())).fetchone()[0]


def insert_rows(database: Database, table: str, rows: Sequence[dict]) -> list[int]:
    """Insert rows into a table with an `id` column inside the caller's write transaction;
    return their ids, in order. Rows with the same keys go in one batch on SQLite."""
    rows = [_plain(row) for row in rows]
    if not rows:
        return []
    columns = list(rows[0])
    if any(list(row) != columns for row in rows):
        return [insert(database, table, row) for row in rows]
    values = [list(row.values()) for row in rows]
    return backend(database).insert_rows(database, table, columns, values)


def insert_many(database: Database, table: str, rows: Sequence[dict]) -> None:
    """Insert rows (those with the same keys in one statement each)."""
    groups: dict[tuple, list] = {}
    for row in rows:
        row = _plain(row)
        groups.setdefault(tuple(row), []).append(list(row.values()))
    for keys, values in groups.items():
        columns = ", ".join(f'"{c}"' for c in keys)
        execute_many(database, f"INSERT INTO {table} ({columns}) VALUES ({marks(keys)})", values)


def _plain(row: dict) -> dict:
    # Flags are INTEGER columns on both engines; PostgreSQL refuses a boolean there.
    return {k: int(v) if isinstance(v, bool) else v for k, v in row.items()}


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
    """Write a consistent snapshot of an SQLite database to the new file `target`; returns its
    size in bytes. Raises InvalidValue when `target` exists or its folder does not, and for a
    PostgreSQL database (its server's tools back it up)."""
    return backend(database).backup(database, target)
