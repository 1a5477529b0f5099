"""The PostgreSQL backend: connections from a per-process pool, `?` SQL run as psycopg's `%s`, and
what only PostgreSQL does (pgvector HNSW search, tsvector keyword search, id sequences). Its
schema: db/postgres_migrations.py."""

from __future__ import annotations

import functools
import itertools
import math
import os
import threading
import time
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from db.postgres_migrations import DIMENSION, migrate

SCHEMES = ("postgresql://", "postgres://")
# ef_search of the HNSW scan, pgvector's most (m008's index: m 32, ef_construction 128).
# bench/postgres_scale.py: recall@10 against exact at 1M claims, per ef_search.
EF_SEARCH = 1000
# BM25 as SQLite's FTS5 computes it (k1, b), so keyword ranking is the same on both backends.
BM25_K1, BM25_B = 1.2, 0.75
STATS_SECONDS = 600  # the claim count and mean length BM25 uses, counted again this often
# The database's own vector index (HNSW) answers vector searches; no index in the process.
INDEXES_VECTORS = True
# First half of the advisory lock ids `lock_key` takes (the migration lock is a single bigint).
LOCK_KEYS = 1717


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


_cursor_numbers = itertools.count(1)  # names of server-side cursors, unique per process


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

    def stream(self, sql: str, params: Sequence = (), size: int = 1000) -> Iterator[dict]:
        """Yield the rows of a long read as dicts from a server-side (named) cursor, `size`
        rows per round trip, so memory does not grow with the result (the default client
        cursor receives all of it at once). The cursor lives in a transaction (a savepoint
        inside one already open), read-only, ended when the rows are done or the iterator is
        closed; other statements may run on this connection meanwhile."""
        from psycopg.rows import dict_row

        with (
            self.conn.transaction(),
            self.conn.cursor(
                name=f"claimdesk_stream_{next(_cursor_numbers)}", row_factory=dict_row
            ) as cursor,
        ):
            cursor.itersize = size
            cursor.execute(to_psycopg(sql) if params else sql, list(params) or None)
            yield from cursor

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


Phrase = tuple[str, list[str], int]  # a term's tsquery, its lexemes, how many claims hold it
Query = tuple[int, float, str, list, int]  # claims, their mean length, where, params, limit


def keyword_candidates(
    database: PgDatabase, terms: list[str], where: str, params: list, limit: int, common: int
) -> list[tuple[int, float]]:
    """Return (claim id, BM25 score, higher is better) of claims matching any term, best first,
    scored as SQLite's FTS5 bm25() scores them, each term a phrase of its words (didn't: didn
    then t); `where` filters claims `c` and documents `d`; `common` as on SQLite."""
    total, average = _keyword_stats(database)
    rows = database.execute(
        "SELECT t.n, array_agg(u.lexeme ORDER BY p) FROM unnest(?::text[]) WITH ORDINALITY "
        "t (term, n), unnest(claimdesk_words(t.term)) u, unnest(u.positions) p GROUP BY t.n "
        "ORDER BY t.n",
        [terms],
    ).fetchall()
    if not rows or not total:
        return []
    phrases: list[Phrase] = []  # in the terms' order
    for _, lexemes in rows:
        query = " <-> ".join(_tsquery(lexeme) for lexeme in lexemes)
        hits = database.execute(
            "SELECT count(*) FROM claims WHERE text_search @@ ?::tsquery", [query]
        ).fetchone()[0]
        phrases.append((f"({query})", lexemes, hits))
    rare = [p for p in phrases if p[2] <= common] if common else phrases
    scoring = (total, average, where, params, limit)
    if not rare or len(rare) == len(phrases):
        return _bm25(database, phrases, phrases, scoring)
    # The rarer terms first, as SQLite's queries name them (the sum's order).
    phrases = rare + [p for p in phrases if p[2] > common]
    found = _bm25(database, phrases, rare, scoring)
    if len(found) < limit:  # fewer candidates than asked for: the frequent terms' claims too
        return _bm25(database, phrases, phrases, scoring)
    return found


def _bm25(
    database: PgDatabase, phrases: list[Phrase], matching: list[Phrase], scoring: Query
) -> list[tuple[int, float]]:
    """Return the best claims holding any `matching` phrase, BM25 over all `phrases`."""
    total, average, where, params, limit = scoring
    parts, sizes, weights = [], [], []
    for number, (_, lexemes, hits) in enumerate(phrases):
        # Inverse document frequency as FTS5 computes it, per term.
        weights.append(max(math.log((total - hits + 0.5) / (hits + 0.5)), 1e-6))
        sizes.append(len(lexemes))
        parts += [(number, place, lexeme) for place, lexeme in enumerate(lexemes)]
    # A term's frequency in a claim: the positions where all its words follow in order; the
    # terms summed in order, as FTS5 sums them (claims of the same words tie exactly).
    sql = f"""
        WITH q (term, place, lexeme) AS (SELECT * FROM unnest(?::int[], ?::int[], ?::text[])),
             w (term, size, weight) AS (SELECT * FROM unnest(?::int[], ?::int[], ?::float8[]))
        SELECT c.id, sum(w.weight * ((t.tf * {BM25_K1 + 1}::float8) / (t.tf + {BM25_K1}::float8
               * ({1 - BM25_B}::float8 + {BM25_B}::float8 * c.words / ?::float8))) ORDER BY w.term)
               AS score
        FROM claims c LEFT JOIN documents d ON d.id = c.document_id,
             LATERAL (
                SELECT s.term, count(*) AS tf FROM (
                    SELECT q.term, p - q.place AS start, count(*) AS found
                    FROM unnest(c.text_search) u JOIN q ON q.lexeme = u.lexeme,
                         unnest(u.positions) p
                    GROUP BY q.term, p - q.place
                ) s JOIN w ON w.term = s.term AND s.found = w.size GROUP BY s.term
             ) t JOIN w ON w.term = t.term
        WHERE c.text_search @@ ?::tsquery AND {where}
        GROUP BY c.id ORDER BY score DESC, c.id LIMIT ?
    """
    numbers, places, lexemes = (list(column) for column in zip(*parts, strict=True))
    found = database.execute(
        sql,
        [numbers, places, lexemes, list(range(len(sizes))), sizes, weights, average,
         " | ".join(p[0] for p in matching), *params, limit],
    )  # fmt: skip
    return [(r[0], float(r[1])) for r in found]


def _tsquery(lexeme: str) -> str:
    """Return a lexeme as tsquery text (quoted, so that it is taken as it is)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


_stats: dict[tuple[int, str], tuple[int, float, int, float, float]] = {}


def _keyword_stats(database: PgDatabase) -> tuple[int, float]:
    """Return the number of claims and their mean length (what BM25 normalises by): counted
    again when claims were added (at most once a minute where counting takes long) and at
    least every STATS_SECONDS."""
    key = (os.getpid(), database.url)
    newest = database.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0]
    cached = _stats.get(key)
    now = time.monotonic()
    if (
        cached is None
        or now - cached[3] > STATS_SECONDS
        or (cached[2] != newest and (cached[4] < 0.1 or now - cached[3] > 60))
    ):
        total, average = database.execute(
            "SELECT count(*), coalesce(sum(words)::float8 / nullif(count(*), 0), 1) FROM claims"
        ).fetchone()
        cached = (int(total), max(float(average), 1.0), newest, now, time.monotonic() - now)
        _stats[key] = cached
    return cached[0], cached[1]


def begin(database: PgDatabase) -> None:
    """Start a write transaction (row locks, taken by UPDATE, order concurrent writers)."""
    database.execute("BEGIN")


def stream(
    database: PgDatabase, sql: str, params: Sequence = (), size: int = 1000
) -> Iterator[dict]:
    """Yield the rows of a long read as dicts, `size` per round trip (PgDatabase.stream)."""
    return database.stream(sql, params, size)


def lock_key(database: PgDatabase, key: str) -> None:
    """Inside a write transaction, hold `key` until it ends (a transaction-scoped advisory
    lock): a second writer of the same key waits here, then sees what the first committed.
    Row locks alone let both pass an "is it there?" check and fail later on a unique key."""
    database.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", [LOCK_KEYS, key])


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
