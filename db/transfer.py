"""Copy a whole desk from one database into an empty one (SQLite or PostgreSQL, either way):
every table, ids, verdict history and vectors bit for bit, in one transaction on the target."""

from __future__ import annotations

from collections.abc import Iterator

from checks.errors import InvalidValue
from db import connection

# Parents before children, so foreign keys hold at every insert. A migration that adds a table
# adds it here too.
TABLES = (
    "documents", "sentences", "claims", "quantities", "embeddings", "matches", "verdicts",
    "reviewers", "assignments", "settings",
)  # fmt: skip
# The key a table is read in, when it is not `id`.
KEYS = {"embeddings": "model, content_hash", "matches": "claim_id, matched_claim_id",
        "reviewers": "name", "settings": "key"}  # fmt: skip
BATCH = 2_000


def copy_database(source, target) -> list[dict]:
    """Copy every table of `source` into the empty, migrated `target`; return per table
    {"table", "source", "target"} row counts. Raises InvalidValue when `target` holds rows."""
    for table in TABLES:
        if count_rows(target, table):
            raise InvalidValue(f"copy --to: the target database is not empty ({table} has rows)")
    with connection.write_transaction(target):
        for table in TABLES:
            write = connection.backend(target).write_vector
            for rows in _batches(source, table):
                if table == "embeddings":
                    rows = [{**r, "vector": write(r["vector"])} for r in rows]
                connection.insert_many(target, table, rows)
            connection.backend(target).after_copy(target, table)
    return [
        {"table": t, "source": count_rows(source, t), "target": count_rows(target, t)}
        for t in TABLES
    ]


def count_rows(database, table: str) -> int:
    """Return how many rows `table` holds."""
    return next(database.query(f"SELECT count(*) AS n FROM {table}"))["n"]


def _batches(database, table: str) -> Iterator[list[dict]]:
    """Yield the rows of `table` in key order, in batches, as plain values both backends take
    (vectors as numpy arrays, the keyword-search column left out: each target makes its own)."""
    columns = connection.backend(database).copied_columns(database, table)
    order = KEYS.get(table, "id")
    names = ", ".join(f'"{c}"' for c in columns)
    batch: list[dict] = []
    for row in database.query(f"SELECT {names} FROM {table} ORDER BY {order}"):
        if table == "embeddings":
            row = {**row, "vector": connection.backend(database).read_vector(row["vector"])}
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
