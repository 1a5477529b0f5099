"""A PostgreSQL server with pgvector for the test session, and a fresh database per test
cloned from a migrated template (CREATE DATABASE ... TEMPLATE takes about 0.1 s)."""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

TEMPLATE = f"claimdesk_template_{os.getpid()}"
_names = itertools.count(1)


def with_database(url: str, name: str) -> str:
    """Return `url` pointing at database `name` (same server, user and options)."""
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def start_server(folder: Path | None = None) -> tuple[str, object | None]:
    """Return (URL of a server's maintenance database, handle that keeps it running): the
    server of $CLAIMDESK_TEST_PG when set, else one that pgserver starts in a temp folder."""
    if os.environ.get("CLAIMDESK_TEST_PG"):
        return os.environ["CLAIMDESK_TEST_PG"], None
    import pgserver

    folder = folder or Path(tempfile.mkdtemp(prefix="claimdesk-pg-"))
    server = pgserver.get_server(folder, cleanup_mode="stop")
    return server.get_uri(), server


def make_template(server_url: str) -> None:
    """Create and migrate the template database every test database is cloned from."""
    import psycopg

    from db import postgres_migrations

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    with psycopg.connect(with_database(server_url, TEMPLATE), autocommit=True) as conn:
        postgres_migrations.migrate(conn)


def create_database(server_url: str) -> str:
    """Return the URL of a new, migrated database cloned from the template."""
    import psycopg

    name = f"claimdesk_test_{os.getpid()}_{next(_names)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return with_database(server_url, name)


def drop_database(server_url: str, url: str) -> None:
    """Close this process's pool for `url` and drop its database."""
    import psycopg

    from db import postgres

    postgres.close_pool(url)
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
