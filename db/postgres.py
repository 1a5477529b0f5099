"""The PostgreSQL backend: connections from a per-process pool, `?` SQL run as psycopg's `%s`, and
what only PostgreSQL does (pgvector HNSW search, tsvector keyword search, id sequences). Its
schema: db/postgres_migrations.py."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

import numpy as np

SCHEMES = ("postgresql://", "postgres://")
# ef_search of the HNSW scan (a query for more neighbours raises it to its limit, at most 1000).
# bench/postgres_scale.py: recall@10 against exact 0.987 at 20k claims with 100, but only 0.44
# (0.71 with 400) at 1M claims of its clustered synthetic vectors: not enough there yet.
EF_SEARCH = 100
DIMENSION = 384  # all-MiniLM-L6-v2 (and the fake test embedder)
# The database's own vector index (HNSW) answers vector searches; no index in the process.
INDEXES_VECTORS = True


def is_url(target: str | os.PathLike) -> bool:
    """Return whether `target` names a PostgreSQL database rather than an SQLite file."""
    return str(target).startswith(SCHEMES)


def redact(url: str) -> str:
    """Return the URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


@functools.lru_cache(maxsize=2048)
def to_psycopg(sql: str) -> str:
    """Return `sql` with its `?` placeholders as `%s` (and literal `%` doubled); quoted text
    and identifiers are left alone."""
    out, quote = [], ""
    for char in sql:
        if quote:
            quote = "" if char == quote else quote
            out.append("%%" if char == "%" else char)
        elif char in "'\"":
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        else:
            out.append("%%" if char == "%" else char)
    return "".join(out)


class PgDatabase:
    """One pooled PostgreSQL connection with the calls the db modules use on SQLite's
    sqlite-utils Database: `query` (dict rows), `execute` (a cursor), `executemany`, `close`."""

    backend = "postgres"

    def __init__(self, url: str, pool, conn):
        self.url = url
        self._pool = pool
        self.conn = conn

    def query(self, sql: str, params: Sequence = ()) -> Iterator[dict]:
        """Yield the rows of a read as dicts."""
        from psycopg.rows import dict_row

        with self.conn.cursor(row_factory=dict_row) as cursor:
            cursor.execute(to_psycopg(sql) if params else sql, list(params) or None)
            yield from cursor

    def execute(self, sql: str, params: Sequence = ()):
        """Run one statement; return the cursor (rows as tuples)."""
        return self.conn.execute(to_psycopg(sql) if params else sql, list(params) or None)

    def executemany(self, sql: str, rows: Sequence[Sequence]) -> None:
        """Run one statement for each parameter row."""
        if rows:
            with self.conn.cursor() as cursor:
                cursor.executemany(to_psycopg(sql), rows)

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        """Give the connection back to the pool (rolled back if a transaction is open)."""
        if self.conn is not None:
            self._pool.putconn(self.conn)
            self.conn = None

    def __del__(self) -> None:
        # A Streamlit page opens a database per script run and leaves it to the garbage
        # collector, as sqlite3 connections allow: give the connection back to the pool then.
        if self.conn is not None and not self._pool.closed:
            self.close()


_pools: dict[tuple[int, str], object] = {}
_pools_lock = threading.Lock()


def open_database(url: str) -> PgDatabase:
    """Return a connection to the database at `url` from this process's pool, creating the
    pgvector extension and migrating on first use. Raises psycopg.OperationalError."""
    from psycopg_pool import ConnectionPool

    key = (os.getpid(), url)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            _migrate_url(url)
            pool = ConnectionPool(
                url, min_size=1, max_size=int(os.environ.get("CLAIMDESK_PG_POOL", "8")),
                kwargs={"autocommit": True}, configure=_configure, open=True, timeout=30,
            )  # fmt: skip
            _pools[key] = pool
    return PgDatabase(url, pool, pool.getconn())


def close_pool(url: str) -> None:
    """Close this process's pool for `url` (tests drop their databases afterwards)."""
    with _pools_lock:
        pool = _pools.pop((os.getpid(), url), None)
    if pool is not None:
        pool.close()


def _configure(conn) -> None:
    from pgvector.psycopg import register_vector

    register_vector(conn)
    conn.execute(f"SET hnsw.ef_search = {EF_SEARCH}")


def _migrate_url(url: str) -> None:
    import psycopg

    from db.postgres_migrations import migrate

    with psycopg.connect(url, autocommit=True) as conn:
        migrate(conn)


# What only PostgreSQL does -------------------------------------------------------------------


def nearest(
    database: PgDatabase, model: str, queries: np.ndarray, k: int
) -> list[list[tuple[str, float]]]:
    """Return, for each query vector, up to `k` (content hash, cosine) pairs of `model`
    embeddings from the HNSW index, most similar first."""
    _ef_search(database, k)
    out = []
    for query in np.asarray(queries, dtype=np.float32).reshape(-1, DIMENSION):
        rows = database.execute(
            "SELECT content_hash, 1 - (vector <=> ?) FROM embeddings WHERE model = ? "
            "ORDER BY vector <=> ? LIMIT ?",
            [query, model, query, int(k)],
        ).fetchall()
        out.append([(h, float(s)) for h, s in rows])
    return out


def nearest_claims(
    database: PgDatabase, model: str, queries: np.ndarray, k: int
) -> list[list[tuple[int, float]]]:
    """Return, for each query vector, up to `k` (claim id, cosine) pairs, most similar first
    (claims sharing a text share its vector; ties by id)."""
    _ef_search(database, k)
    out = []
    for query in np.asarray(queries, dtype=np.float32).reshape(-1, DIMENSION):
        rows = database.execute(
            "WITH near AS (SELECT content_hash, vector <=> ? AS distance FROM embeddings "
            "WHERE model = ? ORDER BY vector <=> ? LIMIT ?) "
            "SELECT c.id, 1 - n.distance FROM near n JOIN claims c "
            "ON c.content_hash = n.content_hash ORDER BY n.distance, c.id LIMIT ?",
            [query, model, query, int(k), int(k)],
        ).fetchall()
        out.append([(int(i), float(s)) for i, s in rows])
    return out


def _ef_search(database: PgDatabase, k: int) -> None:
    """Scan at least EF_SEARCH candidates, and at least `k` (HNSW returns at most ef_search)."""
    database.execute(f"SET hnsw.ef_search = {max(EF_SEARCH, min(int(k), 1000))}")


def keyword_candidates(
    database: PgDatabase, terms: list[str], where: str, params: list, limit: int
) -> list[tuple[int, float]]:
    """Return (claim id, ts_rank score) of claims matching any term, best first; `where`
    filters claims `c` and documents `d`."""
    sql = f"""
        SELECT c.id, ts_rank(c.text_search, q) AS score
        FROM claims c LEFT JOIN documents d ON d.id = c.document_id,
             websearch_to_tsquery('english', ?) q
        WHERE c.text_search @@ q AND {where} ORDER BY score DESC, c.id LIMIT ?
    """
    query = " or ".join(t.replace('"', " ") for t in terms)
    return [(r[0], float(r[1])) for r in database.execute(sql, [query, *params, limit])]


def begin(database: PgDatabase) -> None:
    """Start a write transaction (row locks, taken by UPDATE, order concurrent writers)."""
    database.execute("BEGIN")


def execute_many(database: PgDatabase, sql: str, rows: list) -> None:
    """Run one statement for each parameter row."""
    database.executemany(sql, rows)


def insert_rows(database: PgDatabase, table: str, columns: list[str], values: list) -> list[int]:
    """Insert rows one statement each (sequence values are not contiguous under concurrent
    writers, so each id comes back from RETURNING); return their ids in order."""
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))}) RETURNING id"
    return [database.execute(sql, row).fetchone()[0] for row in values]


def write_vector(vector: np.ndarray) -> np.ndarray:
    """Return a vector as psycopg sends it to a pgvector column."""
    return np.asarray(vector, dtype=np.float32)


def copied_columns(database: PgDatabase, table: str) -> list[str]:
    """Return the columns of `table` that a copy carries: all but generated ones."""
    rows = database.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return [r[0] for r in rows]


def after_copy(database: PgDatabase, table: str) -> None:
    """Move the table's id sequence past the ids a copy inserted."""
    if "id" in copied_columns(database, table):
        database.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce(max(id), 0) + 1, false) FROM {table}"
        )


def name(database: PgDatabase) -> str:
    """Return the database's URL without its password."""
    return redact(database.url)


def backup(database: PgDatabase, target: str) -> int:
    """Refuse: a server database is backed up by its server's tools."""
    from checks.errors import InvalidValue

    raise InvalidValue(
        f"backup {target}: the database is on a PostgreSQL server; back it up with pg_dump "
        "(or the managed service's snapshots)"
    )


def read_vector(value) -> np.ndarray:
    """Return a stored pgvector value as a float32 array."""
    return np.asarray(value.to_numpy(), dtype=np.float32)
