"""The SQLite backend: what only SQLite does (file, PRAGMAs, IMMEDIATE transactions, FTS5 keyword
search, vectors as float32 BLOBs for the in-process index, VACUUM INTO backups)."""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from sqlite_utils import Database

from checks.errors import InvalidValue

BUSY_TIMEOUT_MS = 15_000
# The database's own vector index: none here; the search workflow keeps one in each process.
INDEXES_VECTORS = False
# The WHERE fragment of a search without filters (db.keyword.search_filters).
NO_FILTER = "1 = 1"


def open_database(path: str | Path) -> Database:
    """Open (creating and migrating when needed) the database at `path`, WAL and FKs on."""
    from db.migrations import migrate

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


def begin(database: Database) -> None:
    """Start a write transaction: IMMEDIATE takes the write lock at once, so concurrent writers
    wait on busy_timeout instead of failing with "database is locked" when a read turns into a
    write."""
    database.execute("BEGIN IMMEDIATE")


def stream(database: Database, sql: str, params: Sequence = (), size: int = 1000) -> Iterator[dict]:
    """Yield the rows of a long read as dicts; sqlite3 steps its cursor row by row, so memory
    does not grow with the result (`size` is PostgreSQL's rows per round trip)."""
    return database.query(sql, params)


def lock_key(database: Database, key: str) -> None:
    """Inside a write transaction, hold `key` until it ends: nothing to do, BEGIN IMMEDIATE
    already holds the one write lock of the file."""


def execute_many(database: Database, sql: str, rows: list) -> None:
    """Run one statement for each parameter row."""
    database.conn.executemany(sql, rows)


def insert_rows(database: Database, table: str, columns: list[str], values: list) -> list[int]:
    """Insert rows with one `executemany`; return their ids in order. Runs inside a write
    transaction (BEGIN IMMEDIATE): no one else inserts meanwhile and new ids only grow, so the
    rows just written hold the table's last len(values) ids, in insertion order."""
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    database.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)
    last = database.execute(f"SELECT id FROM {table} ORDER BY id DESC LIMIT ?", [len(values)])
    return [row[0] for row in last][::-1]


def keyword_candidates(
    database: Database, terms: list[str], where: str, params: list, limit: int, common: int
) -> list[tuple[int, float]]:
    """Return (claim id, BM25 score, higher is better) of FTS5 matches of any term, best first
    (ties by id); `where` filters claims `c` and documents `d`. When `limit` claims hold a term
    held by at most `common` claims, only claims holding such a term are candidates (scored
    over all the terms); the others, held by more, are summed after them."""
    holding = _claims_holding(database, terms) if common else [0] * len(terms)
    rare = [t for t, n in zip(terms, holding, strict=True) if n <= common]
    if not rare or len(rare) == len(terms):
        return _bm25(database, _any(terms), where, params, limit)
    frequent = [t for t in terms if t not in rare]
    # A claim holding a rare term holds a frequent one too, or not: two queries that name the
    # same phrases in the same order, so bm25() scores each claim as one query of all would.
    found = _bm25(database, f"({_any(rare)}) AND ({_any(frequent)})", where, params, limit)
    found += _bm25(database, f"({_any(rare)}) NOT ({_any(frequent)})", where, params, limit)
    if len(found) < limit:  # fewer candidates than asked for: the frequent terms' claims too
        return _bm25(database, _any(rare + frequent), where, params, limit)
    return sorted(found, key=lambda pair: (-pair[1], pair[0]))[:limit]


def _any(terms: list[str]) -> str:
    """Return an FTS5 query matching any of `terms`, each a phrase."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _claims_holding(database: Database, terms: list[str]) -> list[int]:
    """Return how many claims hold each term (as a phrase)."""
    one = "(SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?)"
    sql = "SELECT " + ", ".join([one] * len(terms))
    return list(database.execute(sql, [_any([term]) for term in terms]).fetchone())


def _bm25(
    database: Database, match: str, where: str, params: list, limit: int
) -> list[tuple[int, float]]:
    if where == NO_FILTER:
        # Without filters FTS5 ranks its own matches: no join per match, for the tens of
        # thousands of claims a common word holds (at 100,000 claims: 11 ms against 27 ms).
        sql = """
            SELECT rowid, -bm25(claims_fts) FROM claims_fts WHERE claims_fts MATCH ?
            ORDER BY bm25(claims_fts), rowid LIMIT ?
        """
        return [(r[0], r[1]) for r in database.execute(sql, [match, limit])]
    sql = f"""
        SELECT c.id, -bm25(claims_fts) AS score FROM claims_fts
        JOIN claims c ON c.id = claims_fts.rowid LEFT JOIN documents d ON d.id = c.document_id
        WHERE claims_fts MATCH ? AND {where} ORDER BY bm25(claims_fts), c.id LIMIT ?
    """
    return [(r[0], r[1]) for r in database.execute(sql, [match, *params, limit])]


def claim_vectors_above(
    database: Database, model: str, high_water: int, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return (ids, unit vectors) of up to `limit` claims above `high_water` with an embedding
    for `model`, ascending by id (the in-process vector index loads itself with this)."""
    # CROSS JOIN keeps claims as the outer loop: walk ids upwards, look each vector up by key
    # (left to itself, SQLite scans every vector of the model and sorts them, per chunk).
    rows = database.execute(
        "SELECT c.id, e.vector FROM claims c CROSS JOIN embeddings e "
        "ON e.model = ? AND e.content_hash = c.content_hash "
        "WHERE c.id > ? ORDER BY c.id LIMIT ?",
        [model, high_water, limit],
    ).fetchall()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)
    return ids, matrix.astype(np.float32)


def write_vector(vector: np.ndarray) -> bytes:
    """Return a vector as stored: a little-endian float32 BLOB."""
    return np.asarray(vector, dtype="<f4").tobytes()


def read_vector(blob: bytes) -> np.ndarray:
    """Return the float32 vector stored in a BLOB."""
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


def copied_columns(database: Database, table: str) -> list[str]:
    """Return the columns of `table` that a copy carries (all of them here)."""
    return [r[1] for r in database.execute(f"PRAGMA table_info({table})")]


def after_copy(database: Database, table: str) -> None:
    """Nothing to do: SQLite's next id follows the highest one inserted."""


def name(database: Database) -> str:
    """Return the path of the database's main file ("" for an in-memory database)."""
    row = database.execute("PRAGMA database_list").fetchone()
    return row[2] or ""


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
