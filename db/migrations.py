"""Schema of the Claimdesk database as numbered, append-only sqlite-utils migrations; each has
its PostgreSQL twin, same name, in db/postgres_migrations.py (add both)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("claimdesk")


@migrations()
def m001_initial(database: Database) -> None:
    """Create documents, sentences, claims, quantities, embeddings, matches, verdicts, FTS."""
    database.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            title TEXT,
            source_url TEXT,
            author TEXT,
            published_at TEXT,
            ingested_at TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            original_name TEXT
        );
        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            UNIQUE (document_id, idx)
        );
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            document_id INTEGER REFERENCES documents(id),
            sentence_id INTEGER REFERENCES sentences(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            score REAL NOT NULL,
            checkworthy INTEGER NOT NULL DEFAULT 0,
            reasons TEXT NOT NULL DEFAULT '[]',
            claimant TEXT,
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'checked')),
            archive TEXT,
            external_id TEXT,
            review_url TEXT,
            content_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 0,
            UNIQUE (archive, external_id)
        );
        CREATE INDEX claims_queue ON claims (checkworthy DESC, score DESC, id);
        CREATE INDEX claims_document ON claims (document_id, start);
        CREATE INDEX claims_content_hash ON claims (content_hash);
        CREATE TABLE quantities (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            value REAL NOT NULL,
            unit TEXT,
            kind TEXT NOT NULL,
            qualifier TEXT,
            per TEXT
        );
        CREATE INDEX quantities_claim ON quantities (claim_id);
        CREATE TABLE embeddings (
            model TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, content_hash)
        );
        CREATE TABLE matches (
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            matched_claim_id INTEGER NOT NULL REFERENCES claims(id),
            similarity REAL NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('suggest', 'same')),
            numbers TEXT NOT NULL CHECK (numbers IN ('same', 'differ', 'none')),
            PRIMARY KEY (claim_id, matched_claim_id)
        );
        CREATE INDEX matches_matched ON matches (matched_claim_id);
        CREATE TABLE verdicts (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            reviewer TEXT NOT NULL,
            label TEXT NOT NULL,
            rationale TEXT NOT NULL DEFAULT '',
            sources TEXT NOT NULL DEFAULT '[]',
            confidence REAL,
            created_at TEXT NOT NULL,
            seconds_spent REAL,
            origin TEXT NOT NULL DEFAULT 'review' CHECK (origin IN ('review', 'import')),
            original_rating TEXT
        );
        CREATE INDEX verdicts_claim ON verdicts (claim_id, id);
        CREATE INDEX verdicts_created ON verdicts (created_at);
        CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts
            BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
        CREATE TRIGGER verdicts_no_delete BEFORE DELETE ON verdicts
            BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
        """
    )
    database.table("claims").enable_fts(["text"], create_triggers=True, tokenize="porter")


ORIGIN_CHECK_V1 = "CHECK (origin IN ('review', 'import'))"
ORIGIN_CHECK_V2 = "CHECK (origin IN ('review', 'import', 'resolution', 'bulk'))"


@migrations()
def m002_desk(database: Database) -> None:
    """Add reviewers and assignments; give verdicts a round and the origins resolution and bulk."""
    database.executescript(
        """
        CREATE TABLE reviewers (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('reviewer', 'editor')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL
        );
        CREATE TABLE assignments (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            reviewer TEXT NOT NULL,
            round INTEGER NOT NULL CHECK (round IN (1, 2)),
            assigned_by TEXT,
            assigned_at TEXT NOT NULL,
            done_at TEXT,
            UNIQUE (claim_id, round)
        );
        CREATE INDEX assignments_reviewer ON assignments (reviewer, done_at);
        """
    )
    _rebuild_verdicts(database)


def _rebuild_verdicts(database: Database) -> None:
    """Widen the verdicts' origin CHECK and add `round`, keeping rows, ids, indexes, triggers.

    SQLite cannot alter a CHECK, so the table is rebuilt from its own stored definition (which
    keeps any column a later-numbered migration may already have added), copied, and swapped in.
    """
    schema = {
        row["name"]: row
        for row in database.query(
            "SELECT type, name, sql FROM sqlite_master"
            " WHERE tbl_name = 'verdicts' AND sql IS NOT NULL"
        )
    }
    table_sql = schema["verdicts"]["sql"]
    if ORIGIN_CHECK_V1 not in table_sql:
        raise RuntimeError("m002: the verdicts table does not have the expected origin CHECK")
    new_sql = table_sql.replace(ORIGIN_CHECK_V1, ORIGIN_CHECK_V2)
    new_sql = new_sql.replace("CREATE TABLE verdicts", "CREATE TABLE verdicts_m002", 1)
    new_sql = new_sql.rstrip().removesuffix(")") + (
        ",\n    round INTEGER CHECK (round IN (1, 2))\n)"
    )
    columns = ", ".join(f'"{c}"' for c in database.table("verdicts").columns_dict)
    extras = [row["sql"] for name, row in schema.items() if name != "verdicts"]
    for name, row in schema.items():
        if row["type"] == "trigger":
            database.execute(f'DROP TRIGGER "{name}"')
    database.execute(new_sql)
    database.execute(f"INSERT INTO verdicts_m002 ({columns}) SELECT {columns} FROM verdicts")
    database.execute("DROP TABLE verdicts")
    database.execute("ALTER TABLE verdicts_m002 RENAME TO verdicts")
    for sql in extras:
        database.execute(sql)
    database.execute("CREATE INDEX verdicts_round ON verdicts (claim_id, round)")


# The demo files that `make run` seeded before demo rows were marked (m003 marks them once).
M003_DEMO_FILES = ("01-transit-plan.md", "02-business-reaction.md", "03-regional-paper.md",
                   "04-opinion.md")  # fmt: skip
_NO_DELETE = """
    CREATE TRIGGER verdicts_no_delete BEFORE DELETE ON verdicts
        WHEN OLD.demo = 0 AND NOT EXISTS (SELECT 1 FROM claims WHERE id = OLD.claim_id AND demo)
        BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
"""
_NO_UPDATE = """
    CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts
        BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
"""


@migrations()
def m003_demo_marking(database: Database) -> None:
    """Mark demo documents, claims and verdicts (`demo` = 1); verdicts stay append-only
    except those on demo claims, so that the demo can be removed whole (a verdict given on
    a demo claim is practice on a fictional article, and goes with it)."""
    for table in ("documents", "claims", "verdicts"):
        database.execute(f"ALTER TABLE {table} ADD COLUMN demo INTEGER NOT NULL DEFAULT 0")
    database.execute("DROP TRIGGER verdicts_no_delete")
    database.execute("DROP TRIGGER verdicts_no_update")
    # A database seeded before this migration: its demo rows are marked once, here.
    marks = ", ".join("?" for _ in M003_DEMO_FILES)
    database.execute(
        f"UPDATE documents SET demo = 1 WHERE original_name IN ({marks}) "
        "AND text LIKE '%Lakeport%'",
        M003_DEMO_FILES,
    )
    database.execute(
        "UPDATE claims SET demo = 1 WHERE document_id IN (SELECT id FROM documents WHERE demo)"
    )
    database.execute(
        "UPDATE verdicts SET demo = 1 WHERE claim_id IN (SELECT id FROM claims WHERE demo)"
    )
    database.executescript(_NO_DELETE + _NO_UPDATE)
    database.execute("CREATE INDEX documents_demo ON documents (demo) WHERE demo")
    # Desk-wide facts, such as "the demo was removed" (so `make run` does not seed it again).
    database.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations()
def m004_titles(database: Database) -> None:
    """Give claims the title of their fact-check (imported archives) and its content hash, by
    which the title's vector is stored in embeddings like any text."""
    database.execute("ALTER TABLE claims ADD COLUMN title TEXT")
    database.execute("ALTER TABLE claims ADD COLUMN title_hash TEXT")


@migrations()
def m005_archive_identity(database: Database) -> None:
    """One claim per archive and text among imported claims without an id: a unique key, so
    parallel imports of one file cannot store a claim twice (ids were unique already)."""
    # Copies that raced in before this key keep their rows and verdicts (verdicts are never
    # deleted); each later copy gets an id that says what it is, so the key can hold.
    database.execute(
        """
        UPDATE claims SET external_id = 'duplicate-of-' || (
            SELECT min(o.id) FROM claims o WHERE o.archive = claims.archive
            AND o.content_hash = claims.content_hash AND o.external_id IS NULL
        ) || '-' || id
        WHERE archive IS NOT NULL AND external_id IS NULL AND id NOT IN (
            SELECT min(id) FROM claims WHERE archive IS NOT NULL AND external_id IS NULL
            GROUP BY archive, content_hash
        )
        """
    )
    database.execute(
        "CREATE UNIQUE INDEX claims_archive_content ON claims (archive, content_hash) "
        "WHERE archive IS NOT NULL AND external_id IS NULL"
    )


def migrate(database: Database) -> None:
    """Apply every pending migration."""
    migrations.apply(database)
