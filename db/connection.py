"""Opening a database and writing to it, on either backend: `--db`/$CLAIMDESK_DB names an SQLite
file or a postgresql:// URL; the SQL of the other db modules runs unchanged on both."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

from db import postgres, sqlite


def open_database(target: str | Path):
    """Open (creating and migrating when needed) the database `target` names: a PostgreSQL URL,
    else an SQLite file path."""
    if postgres.is_url(target):
        return postgres.open_database(str(target))
    return sqlite.open_database(target)


def backend(database) -> ModuleType:
    """Return the module holding what differs for this database's engine (db.sqlite or
    db.postgres): keyword search, vector storage and search, DDL, transactions."""
    return postgres if isinstance(database, postgres.PgDatabase) else sqlite


def indexes_vectors(database) -> bool:
    """Return whether the database searches vectors itself (PostgreSQL's HNSW index); if not,
    the search workflow keeps an in-process index."""
    return backend(database).INDEXES_VECTORS


def name(database) -> str:
    """Return what identifies the database: its file path, or its URL without a password."""
    return backend(database).name(database)


@contextlib.contextmanager
def write_transaction(database) -> Iterator:
    """Run the block in one transaction: all of it is written, or none."""
    backend(database).begin(database)
    try:
        yield database
    except BaseException:
        database.execute("ROLLBACK")
        raise
    database.execute("COMMIT")


def insert(database, table: str, row: dict) -> int:
    """Insert one row into a table with an `id` key; return its id."""
    row = _plain(row)
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"
    return database.execute(sql, list(row.values())).fetchone()[0]


def insert_many(database, table: str, rows: Sequence[dict]) -> None:
    """Insert rows that all have the keys of the first one."""
    if not rows:
        return
    keys = list(rows[0])
    columns = ", ".join(f'"{c}"' for c in keys)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' for _ in keys)})"
    executemany(database, sql, [[_plain(r)[k] for k in keys] for r in rows])


def executemany(database, sql: str, rows: Sequence[Sequence]) -> None:
    """Run one statement for each parameter row."""
    backend(database).executemany(database, sql, rows)


def _plain(row: dict) -> dict:
    # Flags are INTEGER columns on both engines; PostgreSQL refuses a boolean there.
    return {k: int(v) if isinstance(v, bool) else v for k, v in row.items()}
